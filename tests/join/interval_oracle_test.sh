#!/usr/bin/env bash
# sp-join --right (interval join) against sqlite3 as the oracle: inner, left,
# right and outer joins of two sp-gen streams with event-time disorder below
# --max-delay, for --within and --between; compared as sorted multisets of
# (left id, right id) pairs. Also checks that the output is the same on
# two runs (deterministic order with two files).
# Usage: interval_oracle_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
for t in sqlite3 jq; do command -v "$t" >/dev/null || { echo "SKIP: $t not installed"; exit 77; }; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$tools/sp-gen" --count 6000 --keys 60 --zipf 0 --seed 21 --disorder 2s > left.ndjson
"$tools/sp-gen" --count 4000 --keys 60 --zipf 0 --seed 22 --disorder 2s --interval 150ms \
  | sed 's/"ts":/"at":/' > right.ndjson
ms='(.[0:19] + "Z" | fromdate) * 1000 + (.[20:23] | tonumber)'
jq -r "[.id, .user, (.ts | $ms)] | @csv" left.ndjson > left.csv
jq -r "[.id, .user, (.at | $ms)] | @csv" right.ndjson > right.csv
sqlite3 oracle.db <<'SQL'
CREATE TABLE l(id TEXT, user TEXT, t INTEGER);
CREATE TABLE r(id TEXT, user TEXT, t INTEGER);
.import --csv left.csv l
.import --csv right.csv r
SQL

fail=0
check() {  # NAME SQL -- SP-JOIN ARGS...
  local name=$1 sql=$2; shift 3
  sqlite3 -separator $'\t' -nullvalue '' oracle.db "$sql" | LC_ALL=C sort > "want.$name"
  "$tools/sp-join" --input left.ndjson --right right.ndjson --on user --time-field ts --right-time-field at \
    --max-delay 2s "$@" > "out.$name"
  "$tools/sp-join" --input left.ndjson --right right.ndjson --on user --time-field ts --right-time-field at \
    --max-delay 2s "$@" > "out2.$name"
  jq -r '[.id // "", .right.id // ""] | @tsv' "out.$name" | LC_ALL=C sort > "got.$name"
  if ! cmp -s "out.$name" "out2.$name"; then echo "FAIL $name: two runs differ"; fail=1; fi
  if cmp -s "want.$name" "got.$name" && [ -s "want.$name" ]; then
    echo "ok   $name ($(wc -l < "got.$name") rows)"
  else
    echo "FAIL $name"; diff "want.$name" "got.$name" | head -20; fail=1
  fi
}
on_within='l.user = r.user AND r.t - l.t BETWEEN -1500 AND 1500'
on_between='l.user = r.user AND r.t - l.t BETWEEN 0 AND 3000'
check inner "SELECT l.id, r.id FROM l JOIN r ON $on_within" -- --within 1500ms
check left "SELECT l.id, r.id FROM l LEFT JOIN r ON $on_within" -- --within 1500ms --how left
check right "SELECT l.id, r.id FROM r LEFT JOIN l ON $on_within" -- --within 1500ms --how right
check outer "SELECT l.id, r.id FROM l LEFT JOIN r ON $on_within UNION ALL
             SELECT NULL, r.id FROM r WHERE NOT EXISTS (SELECT 1 FROM l WHERE $on_within)" -- --within 1500ms --how outer
check between-left "SELECT l.id, r.id FROM l LEFT JOIN r ON $on_between" -- --between 0s,3s --how left
exit $fail
