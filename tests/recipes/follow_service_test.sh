#!/usr/bin/env bash
# sp-follow-nginx.service restarts safely: its ExecStart command, run on a
# log that grows while it is stopped with SIGTERM (systemctl stop/restart),
# killed with SIGKILL (a crash) and started again, leaves an output
# byte-identical to one run of the same command over the whole log. Its
# --status file passes sp-status-check.sh while it runs, and fails it once
# the service is stopped.
#
#   follow_service_test.sh TOOLS_DIR RECIPES_DIR
set -euo pipefail
tools=$(cd "$1" && pwd) recipes=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail=0

# The unit's ExecStart (continuation lines joined), pointed at this dir.
exec_start=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$recipes/sp-follow-nginx.service" \
  | sed -n 's/^ExecStart=//p' \
  | sed -e "s#/usr/bin/sp-#$tools/sp-#g" -e "s#/var/log/nginx/#$work/#g" \
        -e "s#/var/lib/sp-follow-nginx/#$work/state/#g" -e "s#/run/sp-follow-nginx/#$work/state/#g")
read -ra cmd <<<"$exec_start"
[[ ${cmd[0]} == "$tools/sp-window" && " ${cmd[*]} " == *" --follow "* ]] \
  || { echo "FAIL: unexpected ExecStart: $exec_start"; exit 1; }
mkdir state

bash "$here/nginx_ndjson.sh" 8000 21 200ms > whole.ndjson
split -n l/4 -d whole.ndjson part.
start() { "${cmd[@]}" & pid=$!; }
stop() {  # stop SIGNAL: sets rc to the status it ended with
  kill -"$1" "$pid"
  rc=0
  wait "$pid" || rc=$?
  pid=""
}
offset() { sp-window --show-checkpoint state/per-minute.ckpt | jq .input_offset; }

cat part.00 > access.ndjson
start; sleep 1
# sp-status-check.sh, the monitoring recipe, finds the running service well.
check=$(sh "$recipes/sp-status-check.sh" state/status.json 60) \
  || { echo "FAIL: sp-status-check.sh on the running service: $check"; fail=1; }
cat part.01 >> access.ndjson; sleep 1
stop TERM
[[ $rc -eq 0 ]] || { echo "FAIL: SIGTERM ended it with status $rc"; fail=1; }
start
cat part.02 >> access.ndjson; sleep 1
stop KILL
start
cat part.03 >> access.ndjson
# Stop it once it has read everything (restarting it if it had not).
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  sleep 1
  stop TERM
  [[ $(offset) -eq $(wc -c < whole.ndjson) ]] && break
  start
done

# Stopped, the status file says so, and the check complains.
jq -e '.state == "stopped" and .input.lag_bytes == 0' state/status.json >/dev/null \
  || { echo "FAIL: the last status document: $(cat state/status.json)"; fail=1; }
if check=$(sh "$recipes/sp-status-check.sh" state/status.json); then
  echo "FAIL: sp-status-check.sh found the stopped service well"; fail=1
elif [[ $check != "sp-window is stopped" ]]; then
  echo "FAIL: sp-status-check.sh on the stopped service said: $check"; fail=1
fi
rm state/status.json

# The same command, not following, over the whole log at once.
mkdir once
once=()
for arg in "${cmd[@]}"; do
  [[ $arg == --follow ]] && continue
  arg=${arg/#$work\/access.ndjson/$work/whole.ndjson}
  once+=("${arg/#$work\/state\//$work/once/}")
done
"${once[@]}"

[[ -s once/per-minute.ndjson ]] || { echo "FAIL: no output"; fail=1; }
cmp -s state/per-minute.ndjson once/per-minute.ndjson || {
  echo "FAIL: the stopped, killed and restarted service wrote other output than one run:"
  diff state/per-minute.ndjson once/per-minute.ndjson | head -n 10
  fail=1
}
[[ ! -s state/rejected.ndjson ]] || { echo "FAIL: rejected records"; fail=1; }
[[ $fail -eq 0 ]] && echo "ok: stopped, killed and restarted 3 times over a growing log: output identical to one run ($(wc -l < once/per-minute.ndjson) rows)"
exit $fail
