#!/usr/bin/env bash
# sp-join --reload: the table is replaced (rename) mid-stream, then replaced
# by a broken file (kept: the old table stays, stderr says why), then fixed.
# The stream is a FIFO fed in three bursts with pauses longer than the 1 s
# check interval.
# Usage: reload_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkfifo in.fifo
printf '{"user":"a","plan":"old"}\n' > users.ndjson
"$tools/sp-join" --table users.ndjson --on user --reload --stats < in.fifo > out.ndjson 2> err.txt &
pid=$!
exec 3> in.fifo
echo '{"n":1,"user":"a"}' >&3
sleep 1.5
printf '{"user":"a","plan":"new"}\n' > users.tmp && mv users.tmp users.ndjson
sleep 2.5
echo '{"n":2,"user":"a"}' >&3
sleep 1.5
printf '{"user":"a","plan":"broken"}\n{"user":"a","plan":"dup"}\n' > users.tmp && mv users.tmp users.ndjson
sleep 2.5
echo '{"n":3,"user":"a"}' >&3
sleep 1.5
printf '{"user":"a","plan":"fixed"}\n' > users.ndjson
sleep 2.5
echo '{"n":4,"user":"a"}' >&3
exec 3>&-
wait $pid
want='{"n":1,"user":"a","plan":"old"}
{"n":2,"user":"a","plan":"new"}
{"n":3,"user":"a","plan":"new"}
{"n":4,"user":"a","plan":"fixed"}'
fail=0
if [ "$(cat out.ndjson)" != "$want" ]; then echo "FAIL: output"; cat out.ndjson; fail=1; fi
grep -q 'keeping the previous table: users.ndjson:2 (byte 29): key "a" is also on line 1; choose --table-dups' err.txt \
  || { echo "FAIL: no reason for the failed reload on stderr"; cat err.txt; fail=1; }
grep -q '"reloads":2,"reload_failures":1' err.txt || { echo "FAIL: stats"; cat err.txt; fail=1; }
[ $fail = 0 ] && echo ok
exit $fail
