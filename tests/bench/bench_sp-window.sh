#!/usr/bin/env bash
# sp-window against Miller and SQLite on the issue's workload: a tumbling
# 1-minute window with count, sum and mean of amount by user, on 2M sp-gen
# records (100k users). Also: exact vs sketch percentiles, sessions, and the
# memory cost of one open window x group state.
#
#   BUILD=/path/to/build bash tests/bench/bench_sp-window.sh [RECORDS]
# Prints hyperfine's table and the medians; not run by ctest.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
require hyperfine mlr sqlite3 jq
n=${1:-2000000}
data=$(bench_data "window-$n" "$n" --keys 100000)
echo "data: $data ($n records, $(du -m "$data" | cut -f1) MiB)"
out=$(mktemp -d "${TMPDIR:-/tmp}/sp-window-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

sp="$TOOLS/sp-window --time-field ts --tumbling 1m --by user --agg count,sum:amount,avg:amount < $data > /dev/null"
mlr="mlr --ijson --ojson put '\$minute = substr0(\$ts, 0, 15)' then stats1 -a count,sum,mean -f amount -g minute,user $data > /dev/null"
sqlite="sqlite3 :memory: -cmd '.mode ascii' -cmd \".separator $(printf '\x1f') \\\\n\" -cmd 'CREATE TABLE raw(line TEXT)' -cmd '.import $data raw' '.mode list' \"SELECT substr(line->>'ts',1,16) AS minute, line->>'user' AS user, count(*), sum(line->>'amount'), avg(line->>'amount') FROM raw GROUP BY minute, user\" > /dev/null"
p99="$TOOLS/sp-window --time-field ts --tumbling 1m --by event --agg count,p50:latency_ms,p99:latency_ms < $data > /dev/null"
p99s="$TOOLS/sp-window --time-field ts --tumbling 1m --by event --sketch --agg count,p50:latency_ms,p99:latency_ms < $data > /dev/null"
session="$TOOLS/sp-window --time-field ts --session 5m --by user --agg count,sum:amount < $data > /dev/null"
pass="$TOOLS/sp-parse < $data > /dev/null"

hyperfine --style basic --warmup 1 --runs "${RUNS:-3}" --export-json "$out/main.json" \
  -n sp-window "$sp" -n sqlite3 "$sqlite" -n sp-parse-passthrough "$pass" \
  -n sp-window-p99-exact "$p99" -n sp-window-p99-sketch "$p99s" -n sp-window-session "$session"
# Miller is slow: fewer runs.
hyperfine --style basic --runs "${MLR_RUNS:-2}" --export-json "$out/mlr.json" -n mlr "$mlr"

echo
echo "medians (s):"
jq -s -r '[.[].results[]] | .[] | "\(.command)\t\(.median)"' "$out/main.json" "$out/mlr.json" | column -t
jq -s -r --argjson n "$n" '[.[].results[]] | (map(select(.command=="sp-window"))[0].median) as $sp
  | "sp-window: \($n / $sp | floor) records/s",
    (.[] | select(.command=="mlr" or .command=="sqlite3") | "\(.command) / sp-window: \(.median / $sp * 100 | floor / 100)x")' \
  "$out/main.json" "$out/mlr.json"

# Bytes per open state: one day-long window keeps every group open; the
# peak RSS difference between 2M groups (by id) and 1 group, per group.
rss() { /usr/bin/time -f %M "$TOOLS/sp-window" --time-field ts --tumbling 1d "$@" < "$data" 2>&1 > /dev/null | tail -n1; }
one=$(rss --agg count,sum:amount,avg:amount)
many=$(rss --by id --agg count,sum:amount,avg:amount)
groups=$("$TOOLS/sp-window" --time-field ts --tumbling 1d --by id < "$data" | wc -l)
echo "open states: $groups; peak RSS $many KiB vs $one KiB with one group:" \
     "$(( (many - one) * 1024 / groups )) bytes per open state (count,sum,avg; key ~24 bytes)"
