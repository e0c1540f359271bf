#!/usr/bin/env bash
# Prints a synthetic nginx access log in the sp_json log_format of sp(7)
# (time, remote_addr, request, status, body_bytes_sent, request_time,
# http_user_agent), one record every INTERVAL of event time, up to 1s out of
# order, made by sp-gen and sp-parse from PATH.
#
#   nginx_ndjson.sh COUNT SEED [INTERVAL]
set -euo pipefail
sp-gen --count "$1" --seed "$2" --interval "${3:-1s}" --disorder 1s --format nginx-combined \
  | sp-parse --from nginx-combined --strict \
      --rename time_local=time --time-field time --time-format '%d/%b/%Y:%H:%M:%S %z' \
  | jq -c '{time, remote_addr, request, status, body_bytes_sent,
            request_time: ((.body_bytes_sent % 1999) / 1000), http_user_agent}'
