#!/usr/bin/env bash
# End-to-end Kafka compatibility: a record whose key field holds each corpus
# key lands in the partition Kafka's default partitioner picks.
#   partitions.tsv: the partition given by the sources;
#   vectors.tsv:    (murmur2 & 0x7fffffff) % N for N in 1 7 12 1000.
# Keys are written both as plain UTF-8 and \u-escaped JSON strings (the key
# bytes are the unescaped string).
# Usage: murmur2_vectors_test.sh TOOLS_DIR CORPUS_DIR
set -euo pipefail
tools=$1 corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" "$work" <<'PY'
import json, sys
corpus, work = sys.argv[1], sys.argv[2]
cases = []  # (key bytes, partitions, expected)
rows = open(f"{corpus}/partitions.tsv").read().splitlines()[1:]
for row in rows:
    key_hex, _, n, p = row.split("\t")
    cases.append((bytes.fromhex(key_hex), int(n), int(p)))
for row in open(f"{corpus}/vectors.tsv").read().splitlines()[1:]:
    key_hex, h = row.split("\t")
    for n in (1, 7, 12, 1000):
        cases.append((bytes.fromhex(key_hex), n, (int(h) & 0x7fffffff) % n))
by_n = {}
for key, n, p in cases:
    text = key.decode("utf-8")  # every corpus key is valid UTF-8
    by_n.setdefault(n, []).append((text, p))
for n, items in by_n.items():
    with open(f"{work}/in-{n}.ndjson", "w") as f, open(f"{work}/want-{n}", "w") as w:
        for text, p in items:
            f.write(json.dumps({"k": text}, ensure_ascii=False) + "\n")
            w.write(f"{p}\n")
            f.write(json.dumps({"k": text}, ensure_ascii=True) + "\n")
            w.write(f"{p}\n")
print(sum(len(v) for v in by_n.values()), "keys")
PY
fail=0
for in in "$work"/in-*.ndjson; do
  n=${in##*/in-}; n=${n%.ndjson}
  "$tools/sp-partition" --key k -n "$n" --annotate p < "$in" | jq -r .p > "$work/got-$n"
  if ! diff -u "$work/want-$n" "$work/got-$n"; then
    echo "FAIL: partitions differ from Kafka's for -n $n"; fail=1
  fi
done
# The same keys through --output-template: each record is in the file of its partition.
"$tools/sp-partition" --key k -n 1000 --output-template "$work/out/p{partition}" < "$work/in-1000.ndjson"
paste -d' ' "$work/want-1000" "$work/in-1000.ndjson" | while read -r p rec; do
  grep -qxF -- "$rec" "$work/out/p$p" || { echo "FAIL: $rec not in partition file $p"; exit 1; }
done || fail=1
[ "$fail" = 0 ] && echo "ok: every corpus key lands in Kafka's partition"
exit $fail
