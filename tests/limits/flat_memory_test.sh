#!/usr/bin/env bash
# Memory does not grow with input length when state does not: every tool,
# in a configuration whose state is bounded (1,000 users, closing windows,
# an LRU bound, a small table), reads N and then 10N records; the two peak
# RSS figures must stay within 25% + 8 MiB of each other.
# Labelled bench: RSS under ASan (shadow memory, quarantine) says nothing.
#   flat_memory_test.sh TOOLS_DIR [N]
source "$(dirname "$0")/../lib/tool_test.sh" "$1" flat
n=${2:-50000}

sp-gen --count "$n" --keys 1000 --seed 1 > short.ndjson
sp-gen --count $((10 * n)) --keys 1000 --seed 1 > long.ndjson
sp-gen --count "$n" --keys 1000 --seed 2 > short.right.ndjson
sp-gen --count $((10 * n)) --keys 1000 --seed 2 > long.right.ndjson
awk 'BEGIN { for (i = 1; i <= 500; i++) printf "{\"user\":\"u%d\",\"plan\":\"p%d\"}\n", i, i % 3 }' > table.ndjson

peak_kib() { /usr/bin/time -f %M -o rss.txt "$@" > /dev/null 2> err.txt || { cat err.txt >&2; exit 1; }; tail -n 1 rss.txt; }

failed=0
while IFS= read -r cmd; do
  [ -n "$cmd" ] || continue
  # shellcheck disable=SC2086  # cmd is a list of words
  # shellcheck disable=SC2086
  short=$(peak_kib ${cmd//RIGHT/short.right.ndjson} --input short.ndjson)
  # shellcheck disable=SC2086
  long=$(peak_kib ${cmd//RIGHT/long.right.ndjson} --input long.ndjson)
  # Both ways, so that a short run holding more than a long one shows too.
  small=$((short < long ? short : long))
  large=$((short < long ? long : short))
  limit=$((small * 5 / 4 + 8192))
  if [ "$large" -le "$limit" ]; then
    echo "ok    $cmd: $short KiB for $n records, $long KiB for $((10 * n))"
  else
    echo "FAIL  $cmd: $short KiB for $n records, $long KiB for $((10 * n)) (limit $limit)"
    failed=1
  fi
  rm -rf out
done <<'CMDS'
sp-parse
sp-parse --from json --keep user,ts,event
sp-dedup --key user
sp-dedup --key id --max-keys 10000
sp-dedup --key id --within 1m --time-field ts
sp-window --tumbling 1m --time-field ts --by user --agg count,sum:amount,p99:latency_ms,distinct:session
sp-window --session 30s --time-field ts --by user --agg count
sp-window --count 1000 --by event --agg count,avg:amount
sp-partition --key user -n 8 --output-template out/p{partition}.ndjson
sp-partition --by-value event --output-template out/{value}.ndjson.zst
sp-join --table table.ndjson --on user --how left
sp-join --right RIGHT --on user --time-field ts --within 1s
CMDS
exit $failed
