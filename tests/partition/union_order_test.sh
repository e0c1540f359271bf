#!/usr/bin/env bash
# Partition invariants on sp-gen data, for murmur2, xxh3, a composite key,
# round robin and --by-value (with a small --max-open-files so files are
# closed and reopened):
#   - the union of the partition files equals the input as a multiset;
#   - each key's records appear in one file only, in input order;
#   - the partitions agree with --annotate.
# Usage: union_order_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
PATH="$tools:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
sp-gen --count 20000 --keys 500 --seed 7 > in.ndjson
fail=0
check() {  # check NAME KEYFIELD: files in out-NAME/
  local name=$1 field=$2
  cat out-"$name"/* | sort > union.sorted
  sort in.ndjson > in.sorted
  cmp -s union.sorted in.sorted || { echo "FAIL $name: union of files differs from the input"; fail=1; }
  # file of every key: exactly one
  for f in out-"$name"/*; do
    jq -c --arg f "${f##*/}" "[$field, \$f]" "$f"
  done | sort -u | jq -c '.[0]' | sort | uniq -d > dup-keys
  [ ! -s dup-keys ] || { echo "FAIL $name: keys in several files: $(head -3 dup-keys)"; fail=1; }
  # per-key order: each file is exactly the input records of its keys, in
  # input order (which implies every key's records keep their order)
  jq -c "$field" in.ndjson | paste -d '\t' - in.ndjson > keyed
  for f in out-"$name"/*; do
    jq -c "$field" "$f" | sort -u > keys-of-file
    awk -F '\t' 'NR == FNR { want[$0] = 1; next } ($1 in want) { sub(/^[^\t]*\t/, ""); print }' keys-of-file keyed \
      | cmp -s - "$f" || { echo "FAIL $name: $f is not the input records of its keys in input order"; fail=1; }
  done
}
sp-partition --key user -n 8 --output-template 'out-murmur2/p{partition}.ndjson' < in.ndjson
check murmur2 .user
sp-partition --key user -n 5 --hash xxh3 --output-template 'out-xxh3/p{partition}.ndjson' < in.ndjson
check xxh3 .user
sp-partition --key user,country -n 6 --output-template 'out-composite/p{partition}.ndjson' < in.ndjson
check composite '[.user,.country]'
sp-partition --by-value country --max-open-files 2 --output-template 'out-value/country={value}.ndjson' < in.ndjson
check value .country
# round robin: union only, and record i in file i mod 3
sp-partition --round-robin -n 3 --output-template 'out-rr/p{partition}.ndjson' < in.ndjson
cat out-rr/* | sort | cmp -s - <(sort in.ndjson) || { echo "FAIL round-robin union"; fail=1; }
cmp -s out-rr/p1.ndjson <(awk 'NR % 3 == 2' in.ndjson) || { echo "FAIL round-robin order"; fail=1; }
# annotate agrees with the files
sp-partition --key user -n 8 --annotate part < in.ndjson | jq -r '.part' > annotated
for p in $(seq 0 7); do
  [ "$(grep -cx "$p" annotated)" = "$(wc -l < out-murmur2/p$p.ndjson)" ] || { echo "FAIL annotate count $p"; fail=1; }
done
[ "$(ls out-murmur2 | wc -l)" = 8 ] || { echo "FAIL: expected 8 partition files"; fail=1; }
[ "$fail" = 0 ] && echo "ok: union = input, one file per key, per-key order kept"
exit $fail
