#!/usr/bin/env bash
# The tools in a pipeline: downstream closing early (| head -1), SIGTERM in
# the middle of a stream, and a slow consumer.
#   pipeline_test.sh TOOLS_DIR SHIM_PATH
source "$(dirname "$0")/faults_lib.sh"

# | head -1 on an endless stream: the whole pipeline must end (promptly:
# within the timeout) and every tool in it with status 0.
for tool in $TOOLS sp-gen; do
  if [ "$tool" = sp-gen ]; then cmd="sp-gen --count 100000000"; else cmd="sp-gen --rate 50000 | $(tool_cmd "$tool")"; fi
  start=$(date +%s%N)
  statuses=$(timeout 60 bash -c "$cmd | head -n 1 > first.txt; echo \${PIPESTATUS[*]}") \
    || fail "$tool | head -1 did not end within 60 s"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$(wc -l < first.txt)" -eq 1 ] || fail "$tool | head -1: no line"
  for s in $statuses; do [ "$s" -eq 0 ] || fail "$tool | head -1: statuses $statuses"; done
  echo "ok    $tool | head -1: ended in $ms ms, statuses $statuses"
done

# SIGTERM mid-stream, reading standard input: output flushed up to a whole
# line, --stats printed and consistent with the output, status 0, and a
# checkpoint that records how far the input was read.
for tool in $TOOLS; do
  cmd=$(tool_cmd "$tool")
  rm -f ck out.ndjson
  sp-gen --rate 20000 | $cmd --checkpoint ck --stats > out.ndjson 2> err.txt &
  pid=$!
  sleep 1.5
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || fail "$tool: status $status after SIGTERM"
  [ -s out.ndjson ] || fail "$tool: no output before SIGTERM"
  [ "$(tail -c 1 out.ndjson | od -An -c | tr -d ' ')" = '\n' ] || fail "$tool: output ends inside a line"
  stats=$(grep '^{"records_in"' err.txt) || fail "$tool: no --stats after SIGTERM"
  out_lines=$(wc -l < out.ndjson)
  [ "$(echo "$stats" | jq .records_out)" -eq "$out_lines" ] || fail "$tool: records_out != $out_lines lines written"
  [ "$(echo "$stats" | jq .records_in)" -gt 0 ] || fail "$tool: no records read"
  $cmd --show-checkpoint ck > ck.json 2> err.txt || fail "$tool: no readable checkpoint after SIGTERM"
  [ "$(jq .input_offset ck.json)" -eq "$(echo "$stats" | jq .bytes_in)" ] \
    || fail "$tool: checkpoint offset $(jq .input_offset ck.json) != bytes read $(echo "$stats" | jq .bytes_in)"
  echo "ok    $tool: SIGTERM after $out_lines records"
done

# A slow consumer: the tool blocks on the full pipe instead of buffering.
# Its peak RSS with a consumer that stalls 2 s and then reads slowly stays
# within 16 MiB of its peak RSS with a fast one.
sp-gen --count 100000 --keys 100 --seed 7 > in.ndjson
slow_reader='import sys, time
time.sleep(2)
while sys.stdin.buffer.read(65536):
    time.sleep(0.002)'
for tool in $TOOLS; do
  cmd="$(tool_cmd "$tool") --input in.ndjson"
  /usr/bin/time -f %M -o fast.rss $cmd > /dev/null
  /usr/bin/time -f %M -o slow.rss $cmd | python3 -c "$slow_reader"
  fast=$(tail -n 1 fast.rss)
  slow=$(tail -n 1 slow.rss)
  [ "$slow" -le $((fast + 16384)) ] || fail "$tool: peak RSS $slow KiB with a slow consumer, $fast KiB with a fast one"
  echo "ok    $tool: slow consumer, peak RSS $slow KiB (fast consumer: $fast KiB)"
done
echo "all pipeline fault cases passed"
