#!/usr/bin/env bash
# sp-partition: split sp-gen NDJSON into 8 files by user, against the Miller
# and awk commands of issue 6 and against cat to one file; and --exec with a
# CPU-bound pipeline per partition against the same pipeline alone.
# Usage: BUILD=build bash tests/bench/bench_sp-partition.sh [RECORDS]  (default 3000000, ~1 GB)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"
require hyperfine mlr awk jq
n=${1:-3000000}
data=$(bench_data "partition-$n" "$n" --keys 100000)
export PATH="$TOOLS:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "data: $n records, $(du -m "$data" | cut -f1) MB"

# awk: a string hash of the user field into 8 files (ord table built once).
cat > hash8.awk <<'AWK'
BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
{
  match($0, /"user":"[^"]*"/); u = substr($0, RSTART + 8, RLENGTH - 9); h = 0
  for (i = 1; i <= length(u); i++) h = (h * 31 + ord[substr(u, i, 1)]) % 2147483647
  print > ("a-" (h % 8) ".ndjson")
}
AWK
# Each run starts with no dirty pages: without the sync, earlier runs' files
# are written back during later runs and the times mostly measure the disk.
hyperfine --runs "${RUNS:-2}" --export-json split.json --prepare 'rm -f sp-* sx-* p-* a-* cat.ndjson; sync' \
  -n "sp-partition --key user -n 8 (murmur2)" \
     "sp-partition --key user -n 8 --output-template 'sp-{partition}.ndjson' < $data" \
  -n "sp-partition --key user -n 8 --hash xxh3" \
     "sp-partition --key user -n 8 --hash xxh3 --output-template 'sx-{partition}.ndjson' < $data" \
  -n "mlr tee by md5" \
     "mlr --ijson --ojsonl put -q 'tee > \"p-\".(int(\"0x\".substr(md5(\$user),0,6)) % 8).\".ndjson\", \$*' $data" \
  -n "awk hash into 8 files" "awk -f hash8.awk $data" \
  -n "cat to one file" "cat $data > cat.ndjson"
jq -r --argjson n "$n" '.results[] | "\(.command)\tmedian \(.median * 100 | round / 100) s\t\($n / .median / 1e6 * 100 | round / 100) M records/s"' split.json

# --exec pays when each child's work per record is well above the
# partitioner's own (parse the key, copy the record into a pipe, merge the
# child's output back): on 2 cores the partitioner and 2 children share
# them. Two pipelines per partition, each against itself alone:
#  - sp-dedup --key id (canonical keys): about as cheap per record as the
#    partitioning itself, so --exec cannot win with it on 2 cores;
#  - sp-parse --pseudonymize user,session (HMAC-SHA256 of two fields): a
#    CPU-heavy per-record job.
# The ceiling: the pipeline on two halves of the data at once, with no
# partitioner at all. Two busy processes do not run twice as fast as one on
# this VM (shared caches and memory bandwidth), so --exec is judged against
# this as well as against the pipeline alone.
printf 'bench-pseudonymize-key\n' > pseudo.key
pseudo="sp-parse --pseudonymize user,session --key-file $work/pseudo.key"
split -n l/2 "$data" half-
hyperfine --runs "${RUNS:-2}" --export-json exec.json \
  -n "sp-dedup --key id alone" "sp-dedup --key id < $data > /dev/null" \
  -n "sp-partition -n 2 --exec -- sp-dedup --key id" \
     "sp-partition --key id -n 2 --hash xxh3 --exec -- sp-dedup --key id < $data > /dev/null" \
  -n "pseudonymize alone" "$pseudo < $data > /dev/null" \
  -n "pseudonymize under sp-partition -n 2 --exec" \
     "sp-partition --key id -n 2 --hash xxh3 --exec -- $pseudo < $data > /dev/null" \
  -n "pseudonymize on two halves at once" \
     "$pseudo < half-aa > /dev/null & $pseudo < half-ab > /dev/null; wait"
echo "pseudonymize: $pseudo"
jq -r '.results[] | "\(.command)\tmedian \(.median * 100 | round / 100) s\tuser \(.user * 100 | round / 100) s\tsys \(.system * 100 | round / 100) s"' exec.json
jq -r '.results | map({(.command): .median}) | add
  | "speed-up of --exec over alone: \(.["pseudonymize alone"] / .["pseudonymize under sp-partition -n 2 --exec"] * 100 | round / 100)x;" +
    " two halves at once over alone (the ceiling): \(.["pseudonymize alone"] / .["pseudonymize on two halves at once"] * 100 | round / 100)x"' exec.json
