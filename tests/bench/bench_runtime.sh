#!/usr/bin/env bash
# The runtime's pass-through path (read records, write them unchanged)
# against `cat | cat`, on about 1 GB of sp-gen NDJSON.
#   BUILD=build tests/bench/bench_runtime.sh [RECORDS]
source "$(dirname "$0")/lib.sh"
require hyperfine
RECORDS=${1:-3700000}   # ~283 bytes each: about 1 GB
DATA=$(bench_data "events-$RECORDS" "$RECORDS")
ls -l "$DATA"
hyperfine --warmup 1 --runs 5 --export-markdown "$BENCH_DIR/runtime.md" \
  -n 'cat | cat' "cat '$DATA' | cat > /dev/null" \
  -n 'cat | sp runtime pass-through' "cat '$DATA' | '$BUILD/tests/sp-bench-passthrough' > /dev/null"
cat "$BENCH_DIR/runtime.md"
