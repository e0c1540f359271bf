#!/usr/bin/env bash
# Throughput of sp-parse's text formats, against Miller for CSV.
#
#   tests/bench/bench_sp-parse_formats.sh BUILD/tools [RECORDS]
#
# Generates RECORDS (default 1000000) events with sp-gen in each format,
# runs each command with hyperfine (warm cache, output to /dev/null) and
# prints MB/s by wall time and by CPU time (user+sys: the fair figure on a
# shared, loaded machine), and the CSV speed-up over
# `mlr --icsv --ojsonl cat`. Targets (issue 3): CSV >= 20x Miller;
# regex and presets >= 100 MB/s.
set -euo pipefail
tools=${1:?usage: $0 BUILD/tools [RECORDS]}
records=${2:-1000000}
tools=$(cd "$tools" && pwd)
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PATH="$tools:$PATH"

sp-gen --count "$records" --seed 7 --format csv > "$dir/events.csv"
sp-gen --count "$records" --seed 7 --format logfmt > "$dir/events.logfmt"
sp-gen --count "$records" --seed 7 --format nginx-combined > "$dir/access.log"
sp-gen --count "$records" --seed 7 --format syslog > "$dir/syslog5424.log"
# RFC 3164 lines from the same events: "<PRI>Mmm dd hh:mm:ss host app[pid]: message"
awk '{ print substr($1, 1, index($1, ">")) "Jan  1 00:00:00 " $3 " " $4 "[" $5 "]: " $6 " " $NF }' \
  "$dir/syslog5424.log" > "$dir/syslog3164.log"
nginx_re='^(?P<remote_addr>\S+) \S+ (?P<remote_user>\S+) \[(?P<time_local>[^]]*)\] "(?P<request>[^"]*)" (?P<status>\d+) (?P<body_bytes_sent>\d+) "(?P<http_referer>[^"]*)" "(?P<http_user_agent>[^"]*)"$'

run() {  # name file command...
  local name=$1 file=$2
  shift 2
  hyperfine --warmup 1 --runs "${RUNS:-3}" --style none --export-json "$dir/$name.json" -- "$*" >/dev/null
  python3 - "$dir/$name.json" "$file" "$name" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))["results"][0]
mb = os.path.getsize(sys.argv[2]) / 1e6
cpu = r["user"] + r["system"]
print(f"{sys.argv[3]:<22} {mb:8.1f} MB  wall {r['mean']:7.3f} s {mb / r['mean']:8.1f} MB/s   cpu {cpu:7.3f} s {mb / cpu:8.1f} MB/s")
open(sys.argv[1] + ".cpu", "w").write(str(cpu))
open(sys.argv[1] + ".wall", "w").write(str(r["mean"]))
PY
}

echo "records: $records   machine load: $(cut -d' ' -f1-3 /proc/loadavg)   nproc: $(nproc)"
run csv            "$dir/events.csv"      "sp-parse --from csv --input $dir/events.csv > /dev/null"
run tsv-via-csv    "$dir/events.csv"      "sp-parse --from tsv --delimiter , --input $dir/events.csv > /dev/null"
run logfmt         "$dir/events.logfmt"   "sp-parse --from logfmt --input $dir/events.logfmt > /dev/null"
run nginx-combined "$dir/access.log"      "sp-parse --from nginx-combined --input $dir/access.log > /dev/null"
run regex-nginx    "$dir/access.log"      "sp-parse --from regex --regex '$nginx_re' --input $dir/access.log > /dev/null"
run syslog-rfc5424 "$dir/syslog5424.log"  "sp-parse --from syslog-rfc5424 --input $dir/syslog5424.log > /dev/null"
run syslog-rfc3164 "$dir/syslog3164.log"  "sp-parse --from syslog-rfc3164 --input $dir/syslog3164.log > /dev/null"
if command -v mlr >/dev/null; then
  RUNS=${MLR_RUNS:-1} run mlr-csv "$dir/events.csv" "mlr --icsv --ojsonl cat $dir/events.csv > /dev/null"
  python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
f = lambda n, k: float(open(f"{d}/{n}.json.{k}").read())
print(f"CSV speed-up over mlr --icsv --ojsonl cat: wall {f('mlr-csv','wall') / f('csv','wall'):.1f}x, "
      f"cpu {f('mlr-csv','cpu') / f('csv','cpu'):.1f}x (target 20x)")
PY
fi
