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
# Environment: BENCH_DIR (data cache, default /tmp/sp-bench), RUNS (3):
# rounds of hyperfine_rounds (lib.sh), which runs the commands in turn so
# that ratios can be taken per round.
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
# One set of rounds for all: every ratio below is also taken per round.
hyperfine_rounds "$out/all.json" "$runs" \
  -n "sp-parse (pass-through)" "$P < $data > /dev/null" \
  -n "cat file | cat" "cat $data | cat > /dev/null" \
  -n "simdjson parse_many loop" "$BUILD/tests/sp-bench-simdjson-loop $data > /dev/null" \
  -n "sp-parse mapping" "$P ${map_opts[*]} < $data > /dev/null" \
  -n "jq -c . (slice)" "jq -c . < $slice > /dev/null" \
  -n "jq mapping (slice)" "jq -c '$jq_map' < $slice > /dev/null" \
  -n "sp-parse (pass-through, slice)" "$P < $slice > /dev/null" \
  -n "sp-parse mapping (slice)" "$P ${map_opts[*]} < $slice > /dev/null"

echo "mapping: ${map_opts[*]}"
PYTHONPATH="$(dirname "${BASH_SOURCE[0]}")" python3 - "$out/all.json" "$records" "$jq_records" "$mb" <<'PY'
import sys
from rounds import load, ratio
res = load(sys.argv[1])
records, jq_records, mb = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
scale = records / jq_records
def row(name, r, s=1.0, note=""):
    wall, user = r["median"] * s, r["user"] * s
    print("| %-45s | %9.3f s | %8.3f s | %7.0f MB/s %s|" % (name, wall, user, mb / wall, note))
print("| command | median wall | user CPU | throughput |")
print("|---|---:|---:|---:|")
for name, r in res.items():
    if name.startswith("jq"):
        row("`%s`" % name, r, scale, "(x%.0f from %d records) " % (scale, jq_records))
    elif "slice" not in name:
        row("`%s`" % name, r)

pt, cat, loop, mp = (res[n] for n in ("sp-parse (pass-through)", "cat file | cat", "simdjson parse_many loop",
                                     "sp-parse mapping"))
jq, jq_map = res["jq -c . (slice)"], res["jq mapping (slice)"]
print()
print("pass-through vs jq -c .      : x", ratio(jq, pt, scale), " slice to slice:",
      ratio(jq, res["sp-parse (pass-through, slice)"]))
print("pass-through vs cat|cat      : throughput", ratio(cat, pt))
print("pass-through vs simdjson loop: speed", ratio(loop, pt), " by user+sys CPU: %.2f" % (
    (loop["user"] + loop["system"]) / (pt["user"] + pt["system"])))
print("mapping vs jq mapping        : x", ratio(jq_map, mp, scale), " slice to slice:",
      ratio(jq_map, res["sp-parse mapping (slice)"]))
PY
