#!/usr/bin/env bash
# --status FILE on a live pipeline: sp-window follows a file that grows
# while the test reads the status document, which must always be one whole
# JSON object (it is replaced atomically), show the counters catching up, the
# lag behind an unfinished last line, the watermark, the open window and why
# it is still open; at SIGTERM the last document says "stopped". Then the
# usage errors: an unwritable path (named), --status-interval without
# --status, and sp-gen --rate's document.
#
#   status_test.sh TOOLS_DIR
set -uo pipefail
export PATH="$(cd "$1" && pwd):$PATH" LC_ALL=C
command -v jq >/dev/null || { echo "jq is missing (Debian: apt-get install jq)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-status.XXXXXX") || exit 2
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
cd "$work" || exit 2
fail() { echo "FAIL: $*" >&2; [[ -f st.json ]] && { echo "status file:" >&2; cat st.json >&2; }; exit 1; }

# wait_for JQ_FILTER: until the status document satisfies it (10 s at most).
# Every read must parse: a torn file would fail here.
wait_for() {
  for _ in $(seq 200); do
    if [[ -f st.json ]]; then
      jq -e . st.json >/dev/null 2>&1 || fail "the status file is not one JSON document: $(cat st.json)"
      jq -e "$1" st.json >/dev/null && return 0
    fi
    sleep 0.05
  done
  fail "the status file never satisfied: $1"
}

ev() { printf '{"ts":"2026-01-01T00:%s.000Z","user":"u%s"}\n' "$1" "$2"; }
{ ev 00:05 1; ev 00:10 2; ev 00:20 1; } > app.ndjson

sp-window --input app.ndjson --follow --time-field ts --tumbling 1m --max-delay 5s --by user --agg count \
    --status st.json --status-interval 100ms --line-buffered --output out.ndjson 2> win.err &
win=$!
pids+=("$win")

wait_for '.counters.records_in == 3'
jq -e '.tool == "sp-window" and .name == "sp-window" and .state == "running"' st.json >/dev/null \
  || fail "identity or state"
jq -e --argjson pid "$win" '.pid == $pid' st.json >/dev/null || fail "pid is not the tool's ($win)"
jq -e '.input.name == "app.ndjson" and .input.follow == true and .input.lag_bytes == 0
       and .input.offset == .input.size' st.json >/dev/null || fail "input position"
jq -e '.watermark == "2026-01-01T00:00:15.000Z" and .max_event_time == "2026-01-01T00:00:20.000Z"' st.json \
  >/dev/null || fail "watermark"
jq -e '.gauges.open_windows == 1 and .gauges.groups == 2' st.json >/dev/null || fail "gauges"
jq -e '.pending.what == "window" and .pending.end == "2026-01-01T00:01:00.000Z"
       and .pending.closes_at_event_time == "2026-01-01T00:01:05.000Z" and .pending.max_delay_s == 5
       and .pending.idle_timeout_s == null' st.json >/dev/null || fail "pending window"
jq -e '.pending.explain | contains("waits for a record with event time at or after 2026-01-01T00:01:05.000Z")
       and contains("--idle-timeout DUR would move the watermark on")' st.json >/dev/null || fail "explain"
jq -e '.last_error == null and (.started | test("Z$")) and (.updated | test("Z$"))' st.json >/dev/null \
  || fail "last_error or times"

# More records, one of them bad, and a last line without its newline yet:
# the tool waits for the rest of it, so it is the lag.
{ ev 00:30 3; echo 'not json'; ev 01:10 1; } >> app.ndjson
printf '{"ts":"2026-01-01T00:01:' >> app.ndjson
wait_for '.counters.records_in == 6'
jq -e '.counters.rejected == 1 and .counters.records_out == 3' st.json >/dev/null || fail "counters after the append"
jq -e '.input.lag_bytes == 24 and .input.size - .input.offset == 24' st.json >/dev/null || fail "lag of the partial line"
jq -e '.last_error.message | test("^app.ndjson:5 \\(byte 184\\): rejected: invalid JSON")' st.json >/dev/null \
  || fail "last_error should name the bad record"
jq -e '.pending.end == "2026-01-01T00:02:00.000Z" and .watermark == "2026-01-01T00:01:05.000Z"' st.json \
  >/dev/null || fail "the first window should have closed"
# The rates cover the last interval: records arrived in it or they did not.
jq -e '.rates.interval_s > 0 and .rates.records_per_s >= 0 and .rates.bytes_per_s >= 0' st.json >/dev/null \
  || fail "rates"

printf '20.000Z","user":"u4"}\n' >> app.ndjson
wait_for '.counters.records_in == 7 and .input.lag_bytes == 0'

kill -TERM "$win"
wait "$win" || fail "sp-window exited with status $? on SIGTERM: $(cat win.err)"
jq -e '.state == "stopped" and .counters.records_in == 7' st.json >/dev/null || fail "the last document"
[[ $(ls -A | grep -c 'st.json.tmp') -eq 0 ]] || fail "a temporary status file was left behind: $(ls -A)"

# Usage errors, before any input is read.
sp-window --time-field ts --tumbling 1m --status no/such/dir/st.json < /dev/null > /dev/null 2> err.txt
rc=$?
[[ $rc -eq 2 ]] || fail "an unwritable --status path gave status $rc, expected 2"
grep -q 'no/such/dir/st.json' err.txt || fail "the error does not name the path: $(cat err.txt)"
sp-window --time-field ts --tumbling 1m --status-interval 1s < /dev/null > /dev/null 2> err.txt
rc=$?
[[ $rc -eq 2 ]] && grep -q -- '--status-interval needs --status FILE' err.txt \
  || fail "--status-interval without --status: status $rc, $(cat err.txt)"

# sp-gen --rate: a live generator reports its pace.
rm -f st.json
sp-gen --rate 200/s --status st.json --status-interval 200ms > /dev/null 2> gen.err &
gen=$!
pids+=("$gen")
wait_for '.counters.records_out > 0 and .rates.records_per_s > 0'
jq -e '.tool == "sp-gen" and .state == "running" and .input == null and .watermark == null' st.json \
  >/dev/null || fail "sp-gen's document"
kill -TERM "$gen"
wait "$gen" || fail "sp-gen exited with status $? on SIGTERM: $(cat gen.err)"
jq -e '.state == "stopped"' st.json >/dev/null || fail "sp-gen's last document"

echo "ok: --status documents while following a growing file, at SIGTERM, and its usage errors"
