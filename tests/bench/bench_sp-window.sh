#!/usr/bin/env bash
# sp-window against Miller and SQLite on the issue's workload: a tumbling
# 1-minute window with count, sum and mean of amount by user, on 2M sp-gen
# records (100k users). Also: exact vs sketch percentiles, sessions, and the
# memory cost of one open window x group state.
#
#   BUILD=/path/to/build bash tests/bench/bench_sp-window.sh [RECORDS]
# Prints the medians and the ratios to Miller and sqlite3 (from the medians
# and per round); not run by ctest. RUNS: rounds (default 3).
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
require hyperfine mlr sqlite3 python3 taskset
n=${1:-2000000}
data=$(bench_data "window-$n" "$n" --keys 100000)
echo "data: $data ($n records, $(du -m "$data" | cut -f1) MiB)"
out=$(mktemp -d "${TMPDIR:-/tmp}/sp-window-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

sp="$TOOLS/sp-window --time-field ts --tumbling 1m --by user --agg count,sum:amount,avg:amount < $data > /dev/null"
# The issue's "2M records/s on one core", taken literally: the same run
# pinned to one CPU (where the driver reads on the tool's own thread).
sp1="taskset -c 0 $sp"
mlr="mlr --ijson --ojson put '\$minute = substr0(\$ts, 0, 15)' then stats1 -a count,sum,mean -f amount -g minute,user $data > /dev/null"
sqlite="sqlite3 :memory: -cmd '.mode ascii' -cmd \".separator $(printf '\x1f') \\\\n\" -cmd 'CREATE TABLE raw(line TEXT)' -cmd '.import $data raw' '.mode list' \"SELECT substr(line->>'ts',1,16) AS minute, line->>'user' AS user, count(*), sum(line->>'amount'), avg(line->>'amount') FROM raw GROUP BY minute, user\" > /dev/null"
p99="$TOOLS/sp-window --time-field ts --tumbling 1m --by event --agg count,p50:latency_ms,p99:latency_ms < $data > /dev/null"
p99s="$TOOLS/sp-window --time-field ts --tumbling 1m --by event --sketch --agg count,p50:latency_ms,p99:latency_ms < $data > /dev/null"
session="$TOOLS/sp-window --time-field ts --session 5m --by user --agg count,sum:amount < $data > /dev/null"
pass="$TOOLS/sp-parse < $data > /dev/null"

# One set of rounds for all (lib.sh hyperfine_rounds): the ratios to Miller
# and sqlite3 are also taken within each round. Miller takes about a minute,
# so RUNS rounds and the warm-up round cost about RUNS + 1 minutes.
hyperfine_rounds "$out/all.json" "${RUNS:-3}" \
  -n sp-window "$sp" -n sp-window-one-core "$sp1" -n sqlite3 "$sqlite" -n mlr "$mlr" -n sp-parse-passthrough "$pass" \
  -n sp-window-p99-exact "$p99" -n sp-window-p99-sketch "$p99s" -n sp-window-session "$session"

echo
PYTHONPATH="$here" python3 - "$out/all.json" "$n" <<'PY'
import sys
from rounds import load, ratio
res = load(sys.argv[1])
n = int(sys.argv[2])
print("| command | median wall | user CPU |")
print("|---|---:|---:|")
for name, r in res.items():
    print("| %-22s | %8.3f s | %7.2f s |" % (name, r["median"], r["user"]))
sp = res["sp-window"]
print()
print("sp-window: %d records/s (median)" % (n / sp["median"]))
print("sp-window on one core (taskset -c 0): %d records/s (median)" % (n / res["sp-window-one-core"]["median"]))
print("mlr / sp-window     : x", ratio(res["mlr"], sp))
print("sqlite3 / sp-window : x", ratio(res["sqlite3"], sp))
PY

# Bytes per open state: one day-long window keeps every group open; the
# peak RSS difference between 2M groups (by id) and 1 group, per group.
rss() { /usr/bin/time -f %M "$TOOLS/sp-window" --time-field ts --tumbling 1d "$@" < "$data" 2>&1 > /dev/null | tail -n1; }
one=$(rss --agg count,sum:amount,avg:amount)
many=$(rss --by id --agg count,sum:amount,avg:amount)
groups=$("$TOOLS/sp-window" --time-field ts --tumbling 1d --by id < "$data" | wc -l)
echo "open states: $groups; peak RSS $many KiB vs $one KiB with one group:" \
     "$(( (many - one) * 1024 / groups )) bytes per open state (count,sum,avg; key ~24 bytes)"
