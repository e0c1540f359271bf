#!/usr/bin/env bash
# sp-join --right keeps memory bounded by the join window, not by the length
# of either stream: peak RSS with one side, the other or both 10x longer
# stays within 25% + 8 MiB of the run on N + N records. A join that reads
# the right stream ahead of the left (or holds the right after the left
# ended) holds tens of MiB more here.
# Labelled bench: RSS under ASan says nothing.
#   interval_join_memory_test.sh TOOLS_DIR [N]
source "$(dirname "$0")/../lib/tool_test.sh" "$1" ijmem
n=${2:-20000}

sp-gen --count "$n" --keys 1000 --seed 1 --disorder 1s > l1.ndjson
sp-gen --count $((10 * n)) --keys 1000 --seed 1 --disorder 1s > l10.ndjson
sp-gen --count "$n" --keys 1000 --seed 2 --disorder 1s > r1.ndjson
sp-gen --count $((10 * n)) --keys 1000 --seed 2 --disorder 1s > r10.ndjson

peak_kib() {
  /usr/bin/time -f %M -o rss.txt sp-join --input "$1" --right "$2" --on user --time-field ts --within 2s \
    --max-delay 1s --how outer > out.ndjson 2> err.txt || { cat err.txt >&2; exit 1; }
  tail -n 1 rss.txt
}
base=$(peak_kib l1.ndjson r1.ndjson)
limit=$((base * 5 / 4 + 8192))
echo "base: $n + $n records: $base KiB (limit for 10x: $limit KiB)"
failed=0
for pair in "l1 r10" "l10 r1" "l10 r10"; do
  set -- $pair
  kib=$(peak_kib "$1.ndjson" "$2.ndjson")
  if [ "$kib" -le "$limit" ]; then echo "ok    $1 + $2: $kib KiB"; else echo "FAIL  $1 + $2: $kib KiB"; failed=1; fi
done
exit $failed
