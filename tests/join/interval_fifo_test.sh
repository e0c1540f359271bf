#!/usr/bin/env bash
# sp-join --right FIFO: the right stream arrives in bursts through a FIFO
# while the left input is a file (then also from a pipe, in other bursts); the output of an outer join must be the
# same, byte for byte, as with a right file (reading follows event time, not
# arrival).
# Usage: interval_fifo_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$tools/sp-gen" --count 3000 --keys 40 --zipf 0 --seed 31 --disorder 1s > left.ndjson
"$tools/sp-gen" --count 3000 --keys 40 --zipf 0 --seed 32 --disorder 1s > right.ndjson
args=(--on user --time-field ts --within 1s --max-delay 1s --how outer)
"$tools/sp-join" "${args[@]}" --input left.ndjson --right right.ndjson > want.txt
mkfifo right.fifo
( head -n 1000 right.ndjson; sleep 1; sed -n 1001,2000p right.ndjson; sleep 1; tail -n +2001 right.ndjson ) > right.fifo &
"$tools/sp-join" "${args[@]}" --input left.ndjson --right right.fifo > got.txt
wait
# Both sides in bursts: the left from a pipe, the right from a FIFO, out of step.
( head -n 2500 right.ndjson; sleep 1; tail -n +2501 right.ndjson ) > right.fifo &
( head -n 500 left.ndjson; sleep 1; sed -n 501,1500p left.ndjson; sleep 1; tail -n +1501 left.ndjson ) |
  "$tools/sp-join" "${args[@]}" --right right.fifo > got2.txt
wait
fail=0
for got in got.txt got2.txt; do
  if [ -s want.txt ] && cmp -s want.txt $got; then
    echo "ok $got ($(wc -l < $got) records)"
  else
    echo "FAIL: $got differs from the result with two files"; diff want.txt $got | head; fail=1
  fi
done
exit $fail
