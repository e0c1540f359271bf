#!/bin/sh
# Prints the seed directories of one fuzz target, one per line:
#
#   seeds.sh REPO_ROOT TARGET      (TARGET without the fuzz_ prefix)
#
# tests/fuzz/corpus/TARGET (hand-made seeds), tests/fuzz/regressions/TARGET
# (every input that once crashed the target) and the inputs the target's
# format already has elsewhere: golden cases and the shared conformance
# corpora, read in place. Used by the fuzz runner (.ci/fuzz) and by the
# replay tests in ctest, so both see the same inputs.
set -eu
root=$1
target=$2
shared=$root/../shared/corpora

case $target in
  csv) extra="$shared/csv-spectrum $root/golden/sp-parse" ;;
  dedup_canonical) extra="$shared/jsontestsuite $root/golden/sp-dedup" ;;
  json_record) extra="$shared/jsontestsuite $root/golden/sp-dedup $root/golden/sp-window" ;;
  lines | logfmt | presets | regex | sp-parse_schema) extra="$root/golden/sp-parse" ;;
  sp-join_table) extra="$root/golden/sp-join" ;;
  window_agg) extra="$root/golden/sp-window" ;;
  zstd) extra="$root/golden/sp-parse/common-zstd-input $root/golden/sp-join/zstd-table" ;;
  *) extra="" ;;
esac

for dir in "$root/tests/fuzz/corpus/$target" "$root/tests/fuzz/regressions/$target" $extra; do
  if [ -d "$dir" ]; then echo "$dir"; fi
done
