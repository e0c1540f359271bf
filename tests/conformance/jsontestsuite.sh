#!/usr/bin/env bash
# JSONTestSuite conformance for sp-parse --wrap value, read in place from
# ../shared/corpora/jsontestsuite.
#
#   jsontestsuite.sh SP_PARSE CORPUS_DIR MAN_PAGE
#
# y_ files (one line): accepted, exit 0, and the value preserved: the output
#   object (objects pass through) or its "value" member equals what
#   Python's json module reads from the file.
# n_ files: every one-line file is rejected to the dead-letter sink with a
#   reason, nothing on stdout, exit 0; files of several lines must reject at
#   least one line; never a crash or a hang (timeout 10s).
# i_ files: the result (accepted or rejected) is the same on two runs and
#   is the one sp-parse(1) documents ("i_NAME.json: accepted|rejected").
set -u
bin=$1 corpus=$2 man=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
problem() { echo "FAIL: $*"; fail=1; }

run() {  # run FILE OUTPREFIX: sp-parse on FILE; writes .out .dl .rc
  timeout 10 "$bin" --wrap value --input "$1" --dead-letter "$2.dl" >"$2.out" 2>"$2.err"
  echo $? >"$2.rc"
}

one_line() {  # the file holds one line (a final newline allowed)
  local n
  n=$(tr -cd '\n' <"$1" | wc -c)
  [[ $n -eq 0 ]] || { [[ $n -eq 1 && $(tail -c1 "$1" | od -An -c | tr -d ' ') == '\n' ]]; }
}

checked=0
for f in "$corpus"/y_*.json "$corpus"/n_*.json "$corpus"/i_*.json; do
  name=$(basename "$f")
  run "$f" "$work/$name"
  rc=$(<"$work/$name.rc")
  if [[ $rc -ne 0 ]]; then problem "$name: exit status $rc: $(head -c 300 "$work/$name.err")"; continue; fi
  checked=$((checked + 1))
  case $name in
    y_*)
      one_line "$f" || continue
      echo "$name" >>"$work/y.list" ;;
    n_*)
      [[ -s $work/$name.dl ]] || { [[ ! -s $f || -z $(tr -d ' \t\r\n' <"$f") ]] && continue; problem "$name: nothing in the dead-letter sink"; continue; }
      grep -q '"reason":"' "$work/$name.dl" || problem "$name: dead letter without a reason"
      if one_line "$f" && [[ -s $work/$name.out ]]; then problem "$name: accepted: $(head -c 200 "$work/$name.out")"; fi ;;
    i_*)
      run "$f" "$work/$name.again"
      cmp -s "$work/$name.out" "$work/$name.again.out" || problem "$name: output differs between runs"
      if [[ -s $work/$name.out ]]; then result=accepted; else result=rejected; fi
      grep -qF -- "$name: $result" "$man" || problem "$name: $result, which $man does not say" ;;
  esac
done

# y_ values compared with Python's json module.
if [[ -s $work/y.list ]]; then
  python3 -c '
import json, sys
corpus, work = sys.argv[1], sys.argv[2]
bad = 0
for name in open(work + "/y.list").read().split():
    expected = json.loads(open(corpus + "/" + name, "rb").read().decode("utf-8"))
    out = open(work + "/" + name + ".out", "rb").read().decode("utf-8")
    lines = out.split("\n")
    if lines and lines[-1] == "": lines.pop()
    if len(lines) != 1:
        print("FAIL: %s: %d output lines" % (name, len(lines))); bad = 1; continue
    got = json.loads(lines[0])
    if not isinstance(expected, dict):
        if set(got) != {"value"}:
            print("FAIL: %s: not wrapped: %s" % (name, lines[0])); bad = 1; continue
        got = got["value"]
    if got != expected and not (expected != expected):
        print("FAIL: %s: %r != %r" % (name, got, expected)); bad = 1
sys.exit(bad)
' "$corpus" "$work" || fail=1
fi
echo "jsontestsuite: $checked files checked"
exit $fail
