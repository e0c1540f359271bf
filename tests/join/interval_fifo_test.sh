#!/usr/bin/env bash
# sp-join --right FIFO: the right stream arrives in bursts through a FIFO
# while the left input is a file; the pairs and the unmatched records of an
# outer join must be the same (as a sorted multiset) as with a right file.
# Usage: interval_fifo_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$tools/sp-gen" --count 3000 --keys 40 --zipf 0 --seed 31 --disorder 1s > left.ndjson
"$tools/sp-gen" --count 3000 --keys 40 --zipf 0 --seed 32 --disorder 1s > right.ndjson
args=(--input left.ndjson --on user --time-field ts --within 1s --max-delay 1s --how outer)
"$tools/sp-join" "${args[@]}" --right right.ndjson | LC_ALL=C sort > want.txt
mkfifo right.fifo
( head -n 1000 right.ndjson; sleep 1; sed -n 1001,2000p right.ndjson; sleep 1; tail -n +2001 right.ndjson ) > right.fifo &
"$tools/sp-join" "${args[@]}" --right right.fifo | LC_ALL=C sort > got.txt
wait
if [ -s want.txt ] && cmp -s want.txt got.txt; then
  echo "ok ($(wc -l < got.txt) records)"
else
  echo "FAIL: FIFO and file results differ"; diff want.txt got.txt | head; exit 1
fi
