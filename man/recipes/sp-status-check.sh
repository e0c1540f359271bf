#!/bin/sh
# Checks the --status file of a long-running sp tool, for cron (which mails
# what it prints) or a systemd timer: silent with status 0 while the tool
# runs, keeps its file fresh and keeps up with its input; otherwise one line
# saying what is wrong, and status 1.
#
#   sp-status-check.sh [STATUS_FILE [MAX_AGE_S [MAX_LAG_BYTES]]]
#
# STATUS_FILE defaults to /run/sp-follow-nginx/status.json (the file of
# sp-follow-nginx.service), MAX_AGE_S to 60 (seconds since the tool last
# rewrote it; make it a few --status-interval), MAX_LAG_BYTES to 100000000
# (how far behind the end of its input file it may be). Needs jq.
set -u
file=${1:-/run/sp-follow-nginx/status.json}
max_age=${2:-60}
max_lag=${3:-100000000}
if [ ! -r "$file" ]; then
  echo "$file: no status file: the tool is not running (see systemctl status, or the journal)"
  exit 1
fi
# .updated is UTC with milliseconds ("2026-01-01T12:00:00.250Z"); jq's
# fromdateiso8601 takes whole seconds.
problem=$(jq -r --argjson max_age "$max_age" --argjson max_lag "$max_lag" '
  (now - (.updated[0:19] + "Z" | fromdateiso8601)) as $age
  | if .state != "running" then
      "\(.name) is \(.state)" + (if .last_error then ": \(.last_error.message)" else "" end)
    elif $age > $max_age then
      "\(.name) (pid \(.pid)) has not updated its status for \($age | floor)s: stuck?"
    elif (.input.lag_bytes // 0) > $max_lag then
      "\(.name) is \(.input.lag_bytes) bytes behind the end of \(.input.name)"
    else empty end' "$file") || { echo "$file: not a status document"; exit 1; }
if [ -n "$problem" ]; then
  echo "$problem"
  exit 1
fi
exit 0
