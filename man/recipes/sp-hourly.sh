#!/bin/sh
# Hourly request counts of an nginx access log written as NDJSON (the
# sp_json log_format of sp(7)), for cron or a systemd timer. Each run reads
# only what was appended since the last one and appends the hours that
# closed to the output, so no request is ever counted twice; an hour that
# straddles two runs is written once, complete, by the later run.
#
#   sp-hourly.sh [--last] [LOG [STATE_DIR]]
#
# LOG defaults to /var/log/nginx/access.ndjson, STATE_DIR to
# /var/lib/sp-hourly. --last is for a log about to be rotated away: it also
# writes the hours still open (partial: the next log continues them) and
# moves the files below into STATE_DIR/DATE.XXXX/, so the next run starts afresh
# on the new log (a checkpoint refuses another file). STATE_DIR holds:
#   hourly.ndjson    one row per hour and status (the result)
#   hourly.ckpt      where the last run stopped, with the open hours
#   rejected.ndjson  lines that were not valid records, with the reason
# A run that overlaps a still-running one (a slow disk, a huge backlog)
# exits at once, and the next run catches up; a --last run waits for it.
set -eu
last=""
if [ "${1:-}" = --last ]; then
  last=--flush-at-end
  shift
fi
log=${1:-/var/log/nginx/access.ndjson}
state=${2:-/var/lib/sp-hourly}
mkdir -p "$state"
exec 9>"$state/lock"
if [ -n "$last" ]; then
  flock 9
elif ! flock -n 9; then
  echo "sp-hourly: a previous run is still going; skipping this one" >&2
  exit 0
fi
sp-window --input "$log" --checkpoint "$state/hourly.ckpt" \
  --output "$state/hourly.ndjson" --dead-letter "$state/rejected.ndjson" \
  --time-field time --max-delay 1m --tumbling 1h --by status \
  --agg count,sum:body_bytes_sent,p99:request_time $last
if [ -n "$last" ]; then
  done_dir=$(mktemp -d "$state/$(date -u +%Y%m%dT%H%M%SZ).XXXX")
  for f in hourly.ndjson hourly.ckpt rejected.ndjson; do
    if [ -e "$state/$f" ]; then mv "$state/$f" "$done_dir/"; fi
  done
fi
