#!/usr/bin/env bash
# sp-join: enrich sp-gen events from a users table, against
# `mlr --ijson --ojson join -j user -f TABLE` and sqlite3 (import both as
# JSON text in tab mode (sp-gen records hold no tab), expression index on the table key, join, json_set the fields);
# table memory per row; interval-join peak memory on N/10 and N events per side.
# Usage: bench_sp-join.sh TOOLS_DIR [EVENTS] [ROWS]   (default 2000000 100000)
# Needs hyperfine, mlr, sqlite3, jq and GNU time.
set -euo pipefail
tools=$1
n=${2:-2000000}
rows=${3:-100000}
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

sp-gen --count "$n" --keys "$rows" --seed 1 > ev.ndjson
mk_users() {
  awk -v n="$1" 'BEGIN { split("free pro team enterprise", p, " "); split("DE FR US GB JP", c, " ");
    for (i = 0; i < n; i++) printf "{\"user\":\"u%d\",\"plan\":\"%s\",\"home\":\"%s\",\"score\":%d}\n", i, p[i % 4 + 1], c[i % 5 + 1], i % 1000 }'
}
mk_users "$rows" > users.ndjson
# Fresh data is still being written back to disk: let that finish first, or
# it slows whichever command runs first.
sync
echo "data: $n events ($(du -m ev.ndjson | cut -f1) MB), $rows table rows; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

cat > join.sql <<'SQL'
CREATE TABLE ev(j TEXT);
CREATE TABLE users(j TEXT);
.mode tabs
.import ev.ndjson ev
.import users.ndjson users
CREATE INDEX users_user ON users(json_extract(j, '$.user'));
.mode list
.output /dev/null
SELECT json_set(e.j, '$.plan', json_extract(u.j, '$.plan'), '$.home', json_extract(u.j, '$.home'),
                '$.score', json_extract(u.j, '$.score'))
FROM ev e JOIN users u ON json_extract(u.j, '$.user') = json_extract(e.j, '$.user');
SQL
# Same number of output records from every contender.
a=$(sp-join --table users.ndjson --on user < ev.ndjson | wc -l)
b=$(mlr --ijson --ojsonl join -j user -f users.ndjson ev.ndjson | wc -l)
c=$(sed 's/.output \/dev\/null//' join.sql | sqlite3 :memory: | wc -l)
echo "output records: sp-join $a, mlr $b, sqlite3 $c"

hyperfine --warmup 1 --runs "${RUNS:-3}" --export-json bench.json \
  -n "sp-join --table (inner)" "sp-join --table users.ndjson --on user < ev.ndjson > /dev/null" \
  -n "sp-join --table --how left --fill-null" "sp-join --table users.ndjson --on user --how left --fill-null < ev.ndjson > /dev/null" \
  -n "mlr --ijson --ojson join -j user -f" "mlr --ijson --ojson join -j user -f users.ndjson ev.ndjson > /dev/null" \
  -n "sqlite3 (import both, join)" "sqlite3 :memory: < join.sql"
jq -r --argjson n "$n" '.results[] | "\(.command)\tmedian \(.median | . * 1000 | round / 1000) s\t\($n / .median / 1e6 | . * 100 | round / 100) M records/s"' bench.json

# Table memory per row: peak RSS with a 1M-row table minus with a 1-row table.
mk_users 1000000 > big.ndjson
mk_users 1 > one.ndjson
echo '{"user":"u1"}' > one_event.ndjson
kb_big=$( { /usr/bin/time -f '%M' sp-join --table big.ndjson --on user < one_event.ndjson > /dev/null; } 2>&1 | tail -n1)
kb_one=$( { /usr/bin/time -f '%M' sp-join --table one.ndjson --on user < one_event.ndjson > /dev/null; } 2>&1 | tail -n1)
echo "table memory: $(( (kb_big - kb_one) * 1024 / 1000000 )) bytes per row (1M rows of $(( $(wc -c < big.ndjson) / 1000000 )) bytes of NDJSON)"

# Interval join memory: N/10 and N events on both sides, then a right
# stream 10x longer than the left and a left 10x longer than the right
# (window 2s, disorder 1s). Flat when reading follows event time.
sp-gen --count "$((n / 10))" --keys 1000 --seed 2 --disorder 1s > l1.ndjson
sp-gen --count "$n" --keys 1000 --seed 2 --disorder 1s > l10.ndjson
sp-gen --count "$((n / 10))" --keys 1000 --seed 3 --disorder 1s > r1.ndjson
sp-gen --count "$n" --keys 1000 --seed 3 --disorder 1s > r10.ndjson
for pair in "l1 r1" "l10 r10" "l1 r10" "l10 r1"; do
  set -- $pair
  kb=$( { /usr/bin/time -f '%M' sp-join --input "$1.ndjson" --right "$2.ndjson" --on user --time-field ts \
          --within 2s --max-delay 1s --how outer > /dev/null; } 2>&1 | tail -n1)
  echo "interval join, $(wc -l < "$1.ndjson") left + $(wc -l < "$2.ndjson") right events: peak RSS $((kb / 1024)) MiB"
done
