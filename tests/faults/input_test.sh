#!/usr/bin/env bash
# Input that cannot be read or goes away: a missing file, a directory, a
# read error (EIO) in the middle of the input, and a followed file that is
# deleted and created again.
#   input_test.sh TOOLS_DIR SHIM_PATH
source "$(dirname "$0")/faults_lib.sh"

sp-gen --count 20000 --seed 5 > in.ndjson
mkdir a-directory

for tool in $TOOLS; do
  cmd=$(tool_cmd "$tool")
  expect_status 1 $cmd --input missing.ndjson
  expect_message "missing\.ndjson.*No such file or directory"
  expect_status 1 $cmd --input a-directory
  expect_message "a-directory.*Is a directory"
  # The read fails after 1 MiB: the records before it are kept, then stop.
  expect_status 1 with_shim env SP_FAIL_READ=in.ndjson SP_FAIL_AFTER=1048576 $cmd --input in.ndjson --output out.ndjson
  expect_message "in\.ndjson.*Input/output error"
  echo "ok    $tool: missing, directory, read error"
done

# wait_lines FILE N: waits up to 20 s for FILE to hold N lines.
wait_lines() {
  for _ in $(seq 1 200); do
    [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "$1 has $(wc -l < "$1" 2>/dev/null || echo no) lines after 20 s, expected $2"
}

# --follow: lines appended are processed; the file is deleted (the tool keeps
# waiting, as tail -F does) and created again with new lines, which are
# processed too; SIGTERM then ends the run cleanly with status 0.
for tool in $TOOLS; do
  cmd=$(tool_cmd "$tool")
  rm -f followed.ndjson out.ndjson
  head -n 100 in.ndjson > followed.ndjson
  $cmd --follow --input followed.ndjson --line-buffered > out.ndjson 2> err.txt &
  pid=$!
  wait_lines out.ndjson 100
  rm followed.ndjson
  sleep 0.5
  kill -0 "$pid" 2>/dev/null || fail "$tool --follow exited when its input was deleted"
  sed -n 101,150p in.ndjson > followed.ndjson
  wait_lines out.ndjson 150
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || fail "$tool --follow: status $status after SIGTERM"
  [ "$(wc -l < out.ndjson)" -eq 150 ] || fail "$tool --follow: $(wc -l < out.ndjson) lines, expected 150"
  echo "ok    $tool: followed input deleted and recreated"
done
echo "all input fault cases passed"
