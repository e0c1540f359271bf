#!/usr/bin/env bash
# Time travels with the barriers: the first member of a pipeline follows a
# file that goes quiet; its --idle-timeout moves its watermark on, the
# watermark reaches sp-window downstream as a control line, and the window
# closes while the input is still being followed. SIGTERM to the first
# member then ends the epoch and the whole pipeline cleanly (status 0,
# committed).
#
#   idle_watermark_test.sh TOOLS_DIR
set -uo pipefail
export PATH="$(cd "$1" && pwd):$PATH" LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-idle.XXXXXX") || exit 2
trap 'kill $src 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 2
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' '{"ts":"2026-01-01T00:00:00.100Z","id":"a"}' '{"ts":"2026-01-01T00:00:00.400Z","id":"b"}' > in.ndjson
# The member downstream reads the first member's output through a FIFO, so
# the first member's pid is known for the SIGTERM below.
mkfifo pipe
sp-dedup --key id --input in.ndjson --follow --time-field ts --idle-timeout 300ms \
    --checkpoint-dir ck --pipeline > pipe 2> src.err &
src=$!
sp-window --time-field ts --tumbling 1s --agg count --checkpoint-dir ck --line-buffered --output out.ndjson \
    < pipe 2> win.err &
win=$!

# No record is newer than 00:00:00.4: only the idle watermark can close [0s, 1s).
for _ in $(seq 100); do
  [[ -s out.ndjson ]] && break
  sleep 0.1
done
[[ -s out.ndjson ]] || fail "the window did not close within 10 s of quiet input: $(cat src.err win.err)"
grep -q '"window_start":"2026-01-01T00:00:00.000Z".*"count":2' out.ndjson || fail "unexpected row: $(cat out.ndjson)"
kill -0 $src 2>/dev/null || fail "the first member stopped on its own"

kill -TERM $src
wait $src || fail "the first member exited with status $? on SIGTERM"
wait $win || fail "sp-window exited with status $? after the first member's SIGTERM: $(cat win.err)"
grep -q '^epoch 1$' ck/COMMIT || fail "the pipeline did not commit its epoch: $(cat ck/COMMIT)"
echo "ok: the window closed on the first member's idle watermark; SIGTERM ended the pipeline with epoch 1 committed"
