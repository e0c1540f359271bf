#!/usr/bin/env bash
# sp-dedup against independent oracles (awk, jq) on sp-gen data with
# duplicates: first occurrences in input order, audit mode, --keep last with
# counts, --within-records and --within (a watermark reference model), and
# object key order / number spelling ignored by the canonical whole-record key.
# Usage: sp-dedup_oracle_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() {  # NAME EXPECTED ACTUAL
  if cmp -s "$2" "$3"; then echo "ok: $1 ($(wc -l < "$2") lines)"; else echo "FAIL: $1"; diff "$2" "$3" | head -5; fail=1; fi
}

sp-gen --count 20000 --keys 700 --dup-rate 0.1 --disorder 3s --seed 11 --start 2026-01-01T01:00:00Z > ev.ndjson
# The user field as a key, extracted by awk ("user":"u123").
user='{ k = $0; sub(/.*"user":"/, "", k); sub(/".*/, "", k) }'

awk '!seen[$0]++' ev.ndjson > want
sp-dedup --raw < ev.ndjson > got;                      check "whole line --raw = awk !seen[\$0]++" want got
sp-dedup < ev.ndjson > got;                            check "whole record canonical = awk" want got
sort -u ev.ndjson > want.sorted; sort got > got.sorted; check "same set as sort -u" want.sorted got.sorted

awk "$user"' !seen[k]++' ev.ndjson > want
sp-dedup --key user < ev.ndjson > got;                 check "--key user" want got
awk "$user"' seen[k]++' ev.ndjson > want
sp-dedup --key user --duplicates < ev.ndjson > got;    check "--duplicates" want got

# --keep last: the last record of each key with its count, in last-seen order.
awk "$user"' { last[k] = $0; n[k]++; at[k] = NR }
  END { for (k in last) { r = last[k]; sub(/}$/, ",\"n\":" n[k] "}", r); print at[k] "\t" r } }' ev.ndjson \
  | sort -n | cut -f2- > want
sp-dedup --key user --keep last --count-field n < ev.ndjson > got; check "--keep last --count-field" want got

# --within-records N: a duplicate when the key appeared among the N previous records.
awk "$user"' { dup = (k in at) && NR - at[k] <= 50; at[k] = NR; if (!dup) print }' ev.ndjson > want
sp-dedup --key user --within-records 50 < ev.ndjson > got; check "--within-records 50" want got

# --within DUR: watermark = max event time - max delay (this record included);
# a key is forgotten once the watermark is DUR past its last sighting.
awk "$user"' {
    t = $0; sub(/.*"ts":"[0-9-]*T/, "", t); sub(/Z".*/, "", t); split(t, p, ":")
    ms = ((p[1] * 60 + p[2]) * 60) * 1000 + p[3] * 1000
    if (!have || ms - 2000 > wm) { wm = ms - 2000; have = 1 }
    if ((k in last) && wm - last[k] < 30000) { if (ms > last[k]) last[k] = ms; next }
    last[k] = ms; print }' ev.ndjson > want
sp-dedup --key user --within 30s --time-field ts --max-delay 2s < ev.ndjson > got; check "--within 30s (watermark model)" want got

# Canonical keys: jq -S reorders members and respells numbers (0.00 -> 0);
# those copies are duplicates of the originals.
jq -cS . ev.ndjson > sorted.ndjson
cat ev.ndjson sorted.ndjson | sp-dedup > got
awk '!seen[$0]++' ev.ndjson > want;                    check "jq -S copies are duplicates" want got
cat ev.ndjson sorted.ndjson | sp-dedup --raw > got
awk '!seen[$0]++' ev.ndjson sorted.ndjson > want;      check "--raw keeps jq -S copies" want got

# Accounting: records_in = records_out + duplicates + rejected.
sp-dedup --key user --stats < ev.ndjson 2> stats > /dev/null
jq -e '.records_in == .records_out + .duplicates + .rejected and .records_out == .unique + .no_key' stats > /dev/null \
  && echo "ok: accounting" || { echo "FAIL: accounting"; cat stats; fail=1; }

# --approx: never more output than exact, unique records lost at most near the rate.
sp-dedup --key id --approx --max-keys 20000 --fp-rate 0.01 < ev.ndjson > got
sp-dedup --key id < ev.ndjson > want
lost=$(( $(wc -l < want) - $(wc -l < got) ))
extra=$(comm -13 <(sort want) <(sort got) | wc -l)
if [ "$extra" -eq 0 ] && [ "$lost" -le 400 ]; then echo "ok: --approx lost $lost of $(wc -l < want)"; else echo "FAIL: --approx lost $lost, extra $extra"; fail=1; fi
exit $fail
