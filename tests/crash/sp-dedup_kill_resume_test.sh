#!/usr/bin/env bash
# sp-dedup, file in and file out with --checkpoint-every: kill -9 at random
# instants, resume until a run completes; the output must be byte-identical
# to a run that never crashed (exactly-once).
# Usage: sp-dedup_kill_resume_test.sh TOOLS_DIR [OPTIONS...]
set -euo pipefail
tools=$1; shift
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(--key user --within-records 500)
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

sp-gen --count 300000 --keys 20000 --dup-rate 0.2 --seed 9 > in.ndjson
# The run that never crashed, with the same checkpointing (so --keep last
# holds the same records at the end).
sp-dedup "${opts[@]}" --input in.ndjson --output want.ndjson --checkpoint ck0 --checkpoint-every 2000

RANDOM=17
kills=0
for attempt in $(seq 1 60); do
  sp-dedup "${opts[@]}" --input in.ndjson --output out.ndjson --checkpoint ck --checkpoint-every 2000 &
  pid=$!
  sleep "0.$(printf '%02d' $(( RANDOM % 40 + 2 )))"
  if kill -9 "$pid" 2> /dev/null; then
    wait "$pid" 2> /dev/null || true
    kills=$((kills + 1))
  else
    wait "$pid"
    break
  fi
done
# Finish whatever is left (also when the last attempt was killed).
sp-dedup "${opts[@]}" --input in.ndjson --output out.ndjson --checkpoint ck
if cmp -s want.ndjson out.ndjson; then
  echo "ok: identical output after $kills kill -9 ($(wc -l < want.ndjson) records)"
else
  echo "FAIL: output differs after $kills kill -9"
  cmp want.ndjson out.ndjson || true
  exit 1
fi
