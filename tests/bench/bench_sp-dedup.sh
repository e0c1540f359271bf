#!/usr/bin/env bash
# sp-dedup against awk '!seen[$0]++' and sort -u on sp-gen records with 5%
# duplicates, plus peak memory per distinct key at 10M keys.
# Usage: bench_sp-dedup.sh TOOLS_DIR [RECORDS]   (default 10000000)
# Needs hyperfine; writes its data to a temporary directory (~3 GB at 10M).
set -euo pipefail
tools=$1
n=${2:-10000000}
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

sp-gen --count "$n" --keys 100000 --dup-rate 0.05 --seed 1 > ev.ndjson
# Fresh data is still being written back to disk: let that finish first, or
# it slows whichever command runs first.
sync
echo "data: $n records, $(du -m ev.ndjson | cut -f1) MB, $(sort -u ev.ndjson | wc -l) distinct lines"

hyperfine --warmup 1 --runs 3 --export-json bench.json \
  -n "sp-dedup --raw (whole line)" "sp-dedup --raw < ev.ndjson > /dev/null" \
  -n "sp-dedup (canonical record)" "sp-dedup < ev.ndjson > /dev/null" \
  -n "sp-dedup --key id" "sp-dedup --key id < ev.ndjson > /dev/null" \
  -n "sp-dedup --key id --approx" "sp-dedup --key id --approx --max-keys $n < ev.ndjson > /dev/null" \
  -n "awk '!seen[\$0]++'" "awk '!seen[\$0]++' ev.ndjson > /dev/null" \
  -n "sort -u" "sort -u ev.ndjson > /dev/null"
jq -r --argjson n "$n" '.results[] | "\(.command)\tmedian \(.median | . * 1000 | round / 1000) s\t\($n / .median / 1e6 | . * 100 | round / 100) M records/s"' bench.json

# Memory per distinct key: 10M small records, all distinct.
awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"id\":%d}\n", i }' > keys.ndjson
for opts in "--key id" "--key id --max-keys $n" "--key id --approx --max-keys $n"; do
  kb=$( { /usr/bin/time -f '%M' sp-dedup $opts < keys.ndjson > /dev/null; } 2>&1 | tail -n1)
  echo "peak RSS sp-dedup $opts: $((kb / 1024)) MiB, $(awk -v kb="$kb" -v n="$n" 'BEGIN { printf "%.1f", kb * 1024 / n }') bytes per key"
done
