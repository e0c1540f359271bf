#!/usr/bin/env bash
# Checkpoint tests for sp-window.
#
#   sp-window_resume.sh BIN_DIR split|crash|idle
#
# split: a run cut in two with --checkpoint (the cron case: the input file
#   grows between runs) gives byte-identical output and --late file to one
#   uninterrupted run, for tumbling, session and count windows.
# idle: with --idle-timeout, a quiet input still closes windows (the
#   tail -F case): the row appears while the writer is still silent.
# crash: sp-window writing --output and --late with --checkpoint-every is
#   killed with SIGKILL at random instants and resumed until it finishes; the
#   output and late files must equal those of a run that was never killed
#   (exactly-once for file outputs).
set -euo pipefail
bin=$1
what=$2
export PATH="$bin:$PATH" SP_CLOCK=2026-01-01T00:00:00Z LC_ALL=C TZ=UTC
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sp-window-resume.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

[[ $what == idle ]] || sp-gen --count 100000 --keys 1000 --seed 21 --disorder 4s --late-rate 0.01 > all.ndjson
common=(--time-field ts --max-delay 5s --agg count,sum:amount,p90:latency_ms,distinct:event,first:event,last:event,approx_distinct:country)
status=0

split_case() {
  local name=$1; shift
  rm -f ckpt in.ndjson out late.ndjson
  sp-window --input all.ndjson --output expected "$@" "${common[@]}" --late expected.late
  local lines
  lines=$(wc -l < all.ndjson)
  local cut=$((lines / 3))
  head -n "$cut" all.ndjson > in.ndjson
  sp-window --input in.ndjson --output out --checkpoint ckpt "$@" "${common[@]}" --late late.ndjson
  head -n $((cut * 2)) all.ndjson > in.ndjson
  sp-window --input in.ndjson --output out --checkpoint ckpt "$@" "${common[@]}" --late late.ndjson
  cp all.ndjson in.ndjson
  sp-window --input in.ndjson --output out --checkpoint ckpt --flush-at-end "$@" "${common[@]}" --late late.ndjson
  if cmp -s expected out && cmp -s expected.late late.ndjson; then
    echo "split $name: identical ($(wc -l < out) rows, $(wc -l < late.ndjson) late)"
  else
    echo "FAIL split $name: output differs from an uninterrupted run"
    diff <(head -c 2000 expected) <(head -c 2000 out) | head -5 || true
    status=1
  fi
}

crash_case() {
  local name=$1; shift
  rm -f ckpt out late.ndjson
  sp-window --input all.ndjson --output expected "$@" "${common[@]}" --late expected.late
  local kills=0 attempts=0
  while :; do
    attempts=$((attempts + 1))
    sp-window --input all.ndjson --output out --checkpoint ckpt --checkpoint-every 5000 --flush-at-end \
      "$@" "${common[@]}" --late late.ndjson &
    local pid=$!
    # Up to six kills at random instants, then let it finish.
    if [[ $attempts -le 6 ]]; then
      sleep "0.$((RANDOM % 40 + 5))"
      if kill -9 "$pid" 2>/dev/null; then
        kills=$((kills + 1))
      fi
    fi
    if wait "$pid" 2>/dev/null; then break; fi
    if [[ $attempts -gt 7 ]]; then echo "FAIL crash $name: the resumed run failed"; status=1; return; fi
  done
  if cmp -s expected out && cmp -s expected.late late.ndjson; then
    echo "crash $name: identical after $kills kill -9"
  else
    echo "FAIL crash $name: output after $kills kill -9 differs from an uninterrupted run"
    status=1
  fi
}

case $what in
  split)
    split_case tumbling --tumbling 1m --by user
    split_case hopping --hopping 2m --advance 1m --by country --allowed-lateness 10s
    split_case session --session 30s --by user
    split_case count --count 7 --advance 3 --by country
    ;;
  crash)
    crash_case tumbling --tumbling 1m --by user
    crash_case session --session 30s --by user --allowed-lateness 5s
    ;;
  idle)
    mkfifo fifo
    ( printf '%s\n' '{"ts":"2026-01-01T00:00:00.500Z"}'; sleep 4; printf '%s\n' '{"ts":"2026-01-01T00:00:05Z"}' ) > fifo &
    sp-window --time-field ts --tumbling 1s --idle-timeout 500ms --agg count < fifo > idle.out &
    pid=$!
    sleep 2.5
    if [[ $(cat idle.out) == '{"window_start":"2026-01-01T00:00:00.000Z","window_end":"2026-01-01T00:00:01.000Z","count":1}' ]]; then
      echo "idle: window closed by --idle-timeout while the input was quiet"
    else
      echo "FAIL idle: expected the first window after 2.5s of quiet input, got: $(cat idle.out)"
      status=1
    fi
    wait "$pid" || status=1
    if [[ $(wc -l < idle.out) -ne 2 ]]; then echo "FAIL idle: expected 2 rows at the end"; status=1; fi
    ;;
  *) echo "usage: sp-window_resume.sh BIN_DIR split|crash|idle" >&2; exit 2 ;;
esac
exit $status
