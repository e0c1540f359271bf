#!/usr/bin/env bash
# A full disk under every file a tool writes: --output, --dead-letter and
# the checkpoint. Each must stop with status 1 and a message naming the file
# and the cause; a failed checkpoint write leaves the previous checkpoint
# intact, and a later run resumes from it to the exact output of a run that
# never failed.
#   full_disk_test.sh TOOLS_DIR SHIM_PATH
source "$(dirname "$0")/faults_lib.sh"

sp-gen --count 20000 --seed 3 > in.ndjson
{ head -n 100 in.ndjson; echo 'not json'; tail -n +101 in.ndjson; } > bad.ndjson

# --output on /dev/full (a real ENOSPC from the kernel) and on a file whose
# writes fail after 64 KiB (the shim).
for tool in $TOOLS sp-gen; do
  if [ "$tool" = sp-gen ]; then cmd="sp-gen --count 20000"; else cmd="$(tool_cmd "$tool") --input in.ndjson"; fi
  expect_status 1 $cmd --output /dev/full
  expect_message "/dev/full.*No space left on device"
  expect_status 1 with_shim env SP_FAIL_WRITE=out.ndjson SP_FAIL_AFTER=65536 $cmd --output out.ndjson
  expect_message "out\.ndjson.*No space left on device"
done

# --dead-letter on a full disk: the rejection cannot be kept, so stop.
for tool in $TOOLS; do
  # shellcheck disable=SC2046  # a command line, split into words
  expect_status 1 $(tool_cmd "$tool") --input bad.ndjson --output out.ndjson --dead-letter /dev/full
  expect_message "/dev/full.*No space left on device"
done

# Checkpoint writes: a first run leaves a good checkpoint; the input grows;
# the second run cannot write its checkpoint. The old one must be intact and
# a third run must end with the output of one clean run over all the input.
head -n 10000 in.ndjson > part1.ndjson
for tool in $TOOLS; do
  cmd=$(tool_cmd "$tool")
  rm -f grow.ndjson out.ndjson ck ck.* want.ndjson
  $cmd --input in.ndjson --output want.ndjson
  cp part1.ndjson grow.ndjson
  expect_status 0 $cmd --input grow.ndjson --output out.ndjson --checkpoint ck
  cp ck ck.good
  tail -n +10001 in.ndjson >> grow.ndjson
  expect_status 1 with_shim env SP_FAIL_WRITE=ck.tmp $cmd --input grow.ndjson --output out.ndjson --checkpoint ck
  expect_message "ck\.tmp\.[0-9]+: No space left on device"
  cmp -s ck ck.good || fail "$tool: the checkpoint changed after a failed write"
  ls ck.tmp.* >/dev/null 2>&1 && fail "$tool: a temporary checkpoint file was left behind"
  expect_status 0 $cmd --show-checkpoint ck > /dev/null
  expect_status 0 $cmd --input grow.ndjson --output out.ndjson --checkpoint ck
  cmp -s out.ndjson want.ndjson || fail "$tool: output after the failed checkpoint differs from one clean run"
  echo "ok    $tool"
done
echo "all full-disk cases passed"
