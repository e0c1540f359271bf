#!/bin/sh
# Fuzzes one target for a fixed time:
#
#   run_target.sh FUZZ_BIN_DIR REPO_ROOT WORK_DIR TARGET SECONDS
#
# New inputs go to WORK_DIR/corpus/TARGET (the seed directories listed by
# tests/fuzz/seeds.sh are only read), crashes to WORK_DIR/crashes/TARGET/.
# The log is WORK_DIR/TARGET.log; on a crash its tail is printed with what
# to do next. Exit status: 0 clean, 1 crash, leak, timeout or OOM found.
set -eu
bin_dir=$1
root=$2
work=$3
target=$4
seconds=$5

mkdir -p "$work/corpus/$target" "$work/crashes/$target"
# Reports with function names and lines: clang-14's symbolizer (llvm-14) is
# not on PATH by its unversioned name unless the llvm package is installed.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi
log=$work/$target.log
# -timeout: one input taking 10 s is a hang; -rss_limit_mb: CI has little
# memory to spare; -max_len 64 KiB lets line- and file-level inputs grow.
# shellcheck disable=SC2046  # one seed directory per word
if "$bin_dir/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$work/crashes/$target/" \
    "$work/corpus/$target" $(sh "$root/tests/fuzz/seeds.sh" "$root" "$target") >"$log" 2>&1; then
  echo "fuzz_$target: clean, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds}s"
  exit 0
fi
echo "fuzz_$target: FAILED (log: $log)"
tail -n 40 "$log"
echo "Keep the input as a regression: copy it from $work/crashes/$target/ to tests/fuzz/regressions/$target/, fix the bug, and check that ctest's 'fuzz replay: $target' passes."
exit 1
