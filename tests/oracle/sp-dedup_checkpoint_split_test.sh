#!/usr/bin/env bash
# sp-dedup with --checkpoint: a run split in two (the input file grows in
# between) gives the same output as one run, for each kind of state; and a
# later run over another input on stdin drops keys seen by earlier runs
# (the cron use: today's file against yesterday's keys).
# Usage: sp-dedup_checkpoint_split_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0

sp-gen --count 20000 --keys 900 --dup-rate 0.1 --disorder 2s --seed 5 > all.ndjson
head -n 9000 all.ndjson > first.ndjson
tail -n +9001 all.ndjson > second.ndjson

split_run() {  # NAME OPTIONS...
  local name=$1; shift
  rm -f in.ndjson out.ndjson ck
  sp-dedup "$@" --input all.ndjson > one.ndjson
  cp first.ndjson in.ndjson
  sp-dedup "$@" --input in.ndjson --output out.ndjson --checkpoint ck
  cat second.ndjson >> in.ndjson
  sp-dedup "$@" --input in.ndjson --output out.ndjson --checkpoint ck
  if cmp -s one.ndjson out.ndjson; then echo "ok: $name"; else echo "FAIL: $name"; diff one.ndjson out.ndjson | head -5; fail=1; fi
}

split_run "whole record" 
split_run "--key user" --key user
split_run "--key id --duplicates" --key id --duplicates
split_run "--within-records 40" --key user --within-records 40
split_run "--within 20s" --key user --within 20s --time-field ts --max-delay 2s
split_run "--max-keys 100 (LRU)" --key user --max-keys 100
split_run "--approx" --key id --approx --max-keys 50000

# --keep last holds records in the checkpoint; they come out when the key
# expires, so compare with a horizon that closes every key before the end.
rm -f in.ndjson out.ndjson ck
sp-dedup --key user --keep last --count-field n --within-records 30 --input all.ndjson > one.ndjson
cp first.ndjson in.ndjson
sp-dedup --key user --keep last --count-field n --within-records 30 --input in.ndjson --output out.ndjson --checkpoint ck
cat second.ndjson >> in.ndjson
sp-dedup --key user --keep last --count-field n --within-records 30 --input in.ndjson --output out.ndjson --checkpoint ck
held=$(sp-dedup --show-checkpoint ck | jq '.stats.keys')
# The records still held at the end are the tail of the one-run output.
if cmp -s <(head -n "$(wc -l < out.ndjson)" one.ndjson) out.ndjson && \
   [ $(( $(wc -l < one.ndjson) - $(wc -l < out.ndjson) )) -eq "$held" ]; then
  echo "ok: --keep last across a checkpoint ($held held)"
else
  echo "FAIL: --keep last across a checkpoint"; fail=1
fi

# Cron: yesterday's keys, remembered in the checkpoint, drop today's repeats.
rm -f ck
sp-dedup --key id --checkpoint ck < first.ndjson > day1.ndjson
sp-dedup --key id --checkpoint ck < all.ndjson > day2.ndjson
sp-dedup --key id < all.ndjson > want_all.ndjson
if cmp -s <(cat day1.ndjson day2.ndjson) want_all.ndjson; then echo "ok: keys remembered across runs on stdin"
else echo "FAIL: keys remembered across runs on stdin"; fail=1; fi

# Incompatible options are refused, not silently restarted.
if sp-dedup --key user --checkpoint ck < first.ndjson > /dev/null 2> err; then
  echo "FAIL: resumed with another --key"; fail=1
else
  echo "ok: another --key refused: $(head -c 120 err)"
fi
exit $fail
