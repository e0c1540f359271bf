# Shared helpers for the hyperfine benchmark scripts (source this file).
#   BUILD      build directory (default: build)
#   BENCH_DIR  where generated data is cached (default: /tmp/sp-bench)
set -euo pipefail
BUILD=${BUILD:-build}
BENCH_DIR=${BENCH_DIR:-/tmp/sp-bench}
TOOLS="$(cd "$BUILD/tools" && pwd)"
mkdir -p "$BENCH_DIR"

# bench_data NAME COUNT [sp-gen options...]: prints the path of an NDJSON
# file of COUNT sp-gen records, generated once and cached by name.
bench_data() {
  local name=$1 count=$2
  shift 2
  local path="$BENCH_DIR/$name.ndjson"
  if [ ! -s "$path" ]; then
    "$TOOLS/sp-gen" --count "$count" --seed 1 "$@" > "$path.tmp"
    mv "$path.tmp" "$path"
    sync  # written back before any timing starts
  fi
  echo "$path"
}

# require CMD...: stops with a clear message when a peer tool is missing.
require() {
  for c in "$@"; do
    command -v "$c" >/dev/null || { echo "benchmark needs '$c' (sh .ci/install-deps installs it)" >&2; exit 1; }
  done
}
