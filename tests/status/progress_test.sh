#!/usr/bin/env bash
# --progress draws only on a terminal: with stderr redirected to a file
# nothing but the tool's own diagnostics reach it; under script(1), which
# gives the tool a terminal, the line shows records, bytes and rates, and
# percent done and ETA for a regular input file, whether named with --input
# or redirected to stdin; never for a pipe.
#
#   progress_test.sh TOOLS_DIR
set -uo pipefail
export PATH="$(cd "$1" && pwd):$PATH" LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-progress.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail() { echo "FAIL: $*" >&2; exit 1; }

sp-gen --count 20000 --seed 5 > events.ndjson || fail "sp-gen"

# Not a terminal: stderr stays empty.
sp-parse --progress --input events.ndjson > /dev/null 2> err.txt || fail "sp-parse --progress exited with $?"
[[ ! -s err.txt ]] || fail "progress drawn into a file: $(od -c err.txt | head -5)"
sp-gen --count 100000 --progress > /dev/null 2> err.txt || fail "sp-gen --progress exited with $?"
[[ ! -s err.txt ]] || fail "sp-gen drew progress into a file: $(od -c err.txt | head -5)"

command -v script >/dev/null || { echo "skipped the terminal half: script(1) is missing (Debian: bsdutils)"; exit 0; }
# on_terminal CMD: runs CMD with a terminal on stdin, stdout and stderr;
# prints what the terminal showed.
on_terminal() { script -qec "$1" /dev/null < /dev/null | tr '\r' '\n'; }

shown=$(on_terminal "sp-parse --progress --input events.ndjson --output /dev/null")
# The first line is drawn after the first batch; how far it got depends on the machine.
line='^sp-parse: [0-9]+ records, [0-9.]+ [KM]?i?B, [0-9]+ rec/s, [0-9.]+ [KM]?i?B/s, [0-9.]+%, ETA ([0-9dhms]+|\?)'
grep -qE "$line" <<<"$shown" \
  || fail "--input FILE: no line with records, bytes, rates, percent and ETA in: $shown"

shown=$(on_terminal "sp-parse --progress < events.ndjson > /dev/null")
grep -qE "$line" <<<"$shown" \
  || fail "stdin from a regular file: no percent and ETA in: $shown"

shown=$(on_terminal "cat events.ndjson | sp-parse --progress > /dev/null")
grep -qE '^sp-parse: [0-9]+ records, [0-9.]+ [KM]?i?B, [0-9]+ rec/s' <<<"$shown" \
  || fail "a pipe: no progress line in: $shown"
grep -q '%' <<<"$shown" && fail "a pipe has no size, yet a percent was shown: $shown"

echo "ok: --progress stays off a file and shows records, bytes, rates, percent and ETA on a terminal"
