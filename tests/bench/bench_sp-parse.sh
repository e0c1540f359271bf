#!/usr/bin/env bash
# sp-parse on sp-gen NDJSON: validating pass-through against `jq -c .`,
# `cat file | cat` and the minimal simdjson loop (tests/sp-bench-simdjson-loop:
# load the file, parse_many, visit every document), and mapping (--alias/--type/--time-field rewriting)
# against jq doing the same work. jq runs on a slice (JQ_RECORDS) because it
# is far slower; its time is scaled to the full file (linear in records) and
# the scaling is said in the output.
#
#   tests/bench/bench_sp-parse.sh BUILD/tools [RECORDS] [JQ_RECORDS]
#
# Environment: BENCH_DIR (data cache, default /tmp/sp-bench), RUNS (3).
set -euo pipefail
BUILD=$(cd "$(dirname "$1")" && pwd)
records=${2:-1000000}
jq_records=${3:-50000}
runs=${RUNS:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require hyperfine jq
P="$TOOLS/sp-parse"
data=$(bench_data "events-$records" "$records")
slice="$BENCH_DIR/events-$records-head-$jq_records.ndjson"
[ -s "$slice" ] || head -n "$jq_records" "$data" > "$slice"
mb=$(($(stat -c %s "$data") / 1000000))
echo "data: $data ($records records, $mb MB); jq slice: $jq_records records"

map_opts=(--alias user_id=user,customer --type amount:float --time-field ts --time-format rfc3339)
# jq doing the same: rename user -> user_id, amount to a number, ts parsed
# and written back as RFC 3339 (jq's todate drops the milliseconds).
jq_map='(if has("user") then .user_id = .user | del(.user) elif has("customer") then .user_id = .customer | del(.customer) else . end)
  | .amount = (.amount | tonumber) | .ts = (.ts | .[0:19] + "Z" | fromdateiso8601 | todate)'

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --runs "$runs" --warmup 1 --export-json "$out/full.json" \
  -n "sp-parse (pass-through)" "$P < $data > /dev/null" \
  -n "cat file | cat" "cat $data | cat > /dev/null" \
  -n "simdjson parse_many loop" "$BUILD/tests/sp-bench-simdjson-loop $data > /dev/null" \
  -n "sp-parse ${map_opts[*]}" "$P ${map_opts[*]} < $data > /dev/null"
hyperfine --runs "$runs" --warmup 1 --export-json "$out/slice.json" \
  -n "jq -c . (slice)" "jq -c . < $slice > /dev/null" \
  -n "jq mapping (slice)" "jq -c '$jq_map' < $slice > /dev/null" \
  -n "sp-parse (pass-through, slice)" "$P < $slice > /dev/null" \
  -n "sp-parse mapping (slice)" "$P ${map_opts[*]} < $slice > /dev/null"

python3 - "$out/full.json" "$out/slice.json" "$records" "$jq_records" "$mb" <<'PY'
import json, sys
full = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
sl = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
records, jq_records, mb = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
scale = records / jq_records
def row(name, r, s=1.0, note=""):
    wall, user = r["median"] * s, r["user"] * s
    print("| %-45s | %9.3f s | %8.3f s | %7.0f MB/s %s|" % (name, wall, user, mb / wall, note))
print("| command | median wall | user CPU | throughput |")
print("|---|---:|---:|---:|")
for name, r in full.items():
    row("`%s`" % name, r)
for name, r in sl.items():
    if name.startswith("jq"):
        row("`%s`" % name, r, scale, "(x%.0f from %d records) " % (scale, jq_records))
pt = full["sp-parse (pass-through)"]
cat = full["cat file | cat"]
mp = [r for n, r in full.items() if n.startswith("sp-parse --alias")][0]
jq_pt = sl["jq -c . (slice)"]["median"] * scale
jq_map = sl["jq mapping (slice)"]["median"] * scale
print()
print("pass-through vs jq -c . : %.1fx faster (wall; slice-to-slice: %.1fx)" % (
    jq_pt / pt["median"], sl["jq -c . (slice)"]["median"] / sl["sp-parse (pass-through, slice)"]["median"]))
print("pass-through vs cat|cat : %.2f of its throughput" % (cat["median"] / pt["median"]))
loop = full["simdjson parse_many loop"]
print("pass-through vs simdjson loop: %.2f of its speed (wall), %.2f by user+sys CPU" % (
    loop["median"] / pt["median"], (loop["user"] + loop["system"]) / (pt["user"] + pt["system"])))
print("mapping vs jq mapping   : %.1fx faster (wall; slice-to-slice: %.1fx)" % (
    jq_map / mp["median"], sl["jq mapping (slice)"]["median"] / sl["sp-parse mapping (slice)"]["median"]))
PY
