#!/usr/bin/env bash
# --by-value with hostile values: nothing is written outside the output
# directory, every distinct value gets its own file (no collisions), and each
# file holds exactly the records of one value.
# Usage: hostile_values_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p run/out
long_a=$(printf 'a%.0s' $(seq 300))
long_b="${long_a}b"
long_slash=$(printf '../%.0s' $(seq 100))
values=( '../x' 'a/b' '.' '..' '' '\u0000' '\u0000x' 'x\u0000' '/etc/passwd' '%2F' '%' '%25' '.hidden' '~' 'A' 'a'
         'é' '\ud83d\ude00' 'sp ace' 'new\nline' 'a.b' "$long_a" "$long_b" "$long_slash" '-' '_' 'con' 'x\\y' )
: > run/in.ndjson
for v in "${values[@]}"; do printf '{"v":"%s","n":1}\n{"v":"%s","n":2}\n' "$v" "$v" >> run/in.ndjson; done
# non-string values name files by their JSON text
printf '{"v":{"a":"/"},"n":1}\n{"v":[".."],"n":1}\n{"v":null,"n":1}\n{"v":-1.5e3,"n":1}\n' >> run/in.ndjson
cd run
"$tools/sp-partition" --by-value v --max-open-files 3 --output-template 'out/v={value}/part.ndjson' --input in.ndjson
cd ..
fail=0
# nothing outside run/out except the input
extra=$(find run -mindepth 1 -not -path 'run/out*' -not -name in.ndjson)
[ -z "$extra" ] || { echo "FAIL: written outside out/: $extra"; fail=1; }
# every file directly at out/<one dir>/part.ndjson
bad=$(find run/out -type f | awk -F/ 'NF != 4 || $4 != "part.ndjson"')
[ -z "$bad" ] || { echo "FAIL: unexpected paths: $bad"; fail=1; }
distinct=$(jq -c .v run/in.ndjson | sort -u | wc -l)
files=$(find run/out -type f | wc -l)
[ "$distinct" = "$files" ] || { echo "FAIL: $distinct distinct values but $files files"; fail=1; }
for f in $(find run/out -type f); do
  [ "$(jq -c .v "$f" | sort -u | wc -l)" = 1 ] || { echo "FAIL: $f mixes values"; fail=1; }
done
cat $(find run/out -type f) | sort | cmp -s - <(sort run/in.ndjson) || { echo "FAIL: union differs from input"; fail=1; }
# names stay short
long=$(find run/out -type d | awk '{ n = split($0, p, "/"); if (length(p[n]) > 210) print }')
[ -z "$long" ] || { echo "FAIL: name too long: $long"; fail=1; }
[ "$fail" = 0 ] && echo "ok: $files hostile values, $files files, all inside out/"
exit $fail
