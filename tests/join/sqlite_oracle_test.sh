#!/usr/bin/env bash
# sp-join stream-table joins against sqlite3 as the oracle: inner, left
# (--fill-null) and anti joins, and --table-dups all on a table with
# duplicate keys, on sp-gen events joined to a generated users table.
# Outputs are compared as sorted multisets of (id, user, plan, score) rows.
# Usage: sqlite_oracle_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
for t in sqlite3 jq; do command -v "$t" >/dev/null || { echo "SKIP: $t not installed"; exit 77; }; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$tools/sp-gen" --count 20000 --keys 3000 --seed 11 > events.ndjson
# Users u0..u1999 (u2000.. are orphans); every 7th user has a second row.
awk 'BEGIN { for (i = 0; i < 2000; i++) {
  printf "{\"user\":\"u%d\",\"plan\":\"p%d\",\"score\":%d}\n", i, i % 5, i * 3
  if (i % 7 == 0) printf "{\"score\":%d,\"user\":\"u%d\",\"plan\":\"q%d\"}\n", i * 3 + 1, i, i % 3 } }' > users_dups.ndjson
awk 'NR == 1 || !/"plan":"q/' users_dups.ndjson > users.ndjson

jq -r '[.id, .user] | @csv' events.ndjson > events.csv
to_csv() { jq -r '[.user, .plan, .score] | @csv' "$1"; }
to_csv users.ndjson > users.csv
to_csv users_dups.ndjson > users_dups.csv
sqlite3 oracle.db <<'SQL'
CREATE TABLE ev(id TEXT, user TEXT);
CREATE TABLE users(user TEXT, plan TEXT, score INTEGER);
CREATE TABLE users_dups(user TEXT, plan TEXT, score INTEGER);
.import --csv events.csv ev
.import --csv users.csv users
.import --csv users_dups.csv users_dups
SQL

fail=0
check() {  # NAME SQL -- SP-JOIN ARGS...
  local name=$1 sql=$2; shift 3
  sqlite3 -separator $'\t' -nullvalue '' oracle.db "$sql" | LC_ALL=C sort > "want.$name"
  "$tools/sp-join" "$@" < events.ndjson | jq -r '[.id, .user, .plan, .score] | @tsv' | LC_ALL=C sort > "got.$name"
  if ! [ -s "want.$name" ]; then echo "FAIL $name: the oracle returned nothing"; fail=1; return; fi
  if cmp -s "want.$name" "got.$name"; then
    echo "ok   $name ($(wc -l < "got.$name") rows)"
  else
    echo "FAIL $name"; diff "want.$name" "got.$name" | head -20; fail=1
  fi
}

check inner "SELECT e.id, e.user, u.plan, u.score FROM ev e JOIN users u ON e.user = u.user" \
  -- --table users.ndjson --on user
check left "SELECT e.id, e.user, u.plan, u.score FROM ev e LEFT JOIN users u ON e.user = u.user" \
  -- --table users.ndjson --on user --how left --fill-null
check anti "SELECT e.id, e.user, NULL, NULL FROM ev e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user = e.user)" \
  -- --table users.ndjson --on user --how anti
check dups-all "SELECT e.id, e.user, u.plan, u.score FROM ev e JOIN users_dups u ON e.user = u.user" \
  -- --table users_dups.ndjson --on user --table-dups all
exit $fail
