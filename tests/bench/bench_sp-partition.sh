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
hyperfine --runs "${RUNS:-2}" --export-json split.json \
  -n "sp-partition --key user -n 8 (murmur2)" \
     "sp-partition --key user -n 8 --output-template 'sp-{partition}.ndjson' < $data" \
  -n "sp-partition --key user -n 8 --hash xxh3" \
     "sp-partition --key user -n 8 --hash xxh3 --output-template 'sx-{partition}.ndjson' < $data" \
  -n "mlr tee by md5" \
     "mlr --ijson --ojsonl put -q 'tee > \"p-\".(int(\"0x\".substr(md5(\$user),0,6)) % 8).\".ndjson\", \$*' $data" \
  -n "awk hash into 8 files" "awk -f hash8.awk $data" \
  -n "cat to one file" "cat $data > cat.ndjson"
jq -r --argjson n "$n" '.results[] | "\(.command)\tmedian \(.median * 100 | round / 100) s\t\($n / .median / 1e6 * 100 | round / 100) M records/s"' split.json

# --exec: a CPU-bound pipeline (sp-dedup --key id, canonical keys) per partition.
hyperfine --runs "${RUNS:-2}" --export-json exec.json \
  -n "sp-dedup --key id alone" "sp-dedup --key id < $data > /dev/null" \
  -n "sp-partition -n 2 --exec -- sp-dedup --key id" \
     "sp-partition --key id -n 2 --hash xxh3 --exec -- sp-dedup --key id < $data > /dev/null"
jq -r '.results[] | "\(.command)\tmedian \(.median * 100 | round / 100) s"' exec.json
