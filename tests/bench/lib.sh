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

# hyperfine_rounds OUT ROUNDS HYPERFINE_ARGS...: runs the commands ROUNDS
# times in turn (each round is one hyperfine call with --runs 1 over all of
# them, after one unrecorded warm-up round) and writes OUT in hyperfine's
# --export-json shape: per command its times, median, mean, user and
# system, and `rounds`, the time of each round. A ratio of two commands
# taken per round (the commands of a round ran within seconds of each
# other) is far less moved by this VM's drifting speed than a ratio of two
# medians taken minutes apart; bench_ratio prints both.
hyperfine_rounds() {
  local out=$1 rounds=$2
  shift 2
  local dir
  dir=$(mktemp -d)
  hyperfine --runs 1 --style none "$@" >/dev/null
  for ((k = 1; k <= rounds; k++)); do
    hyperfine --runs 1 --style none --export-json "$dir/round-$k.json" "$@" >/dev/null
    echo "round $k of $rounds done" >&2
  done
  python3 - "$out" "$dir"/round-*.json <<'PY'
import json, statistics, sys
merged = {}
for path in sys.argv[2:]:
    for r in json.load(open(path))["results"]:
        m = merged.setdefault(r["command"], {"command": r["command"], "times": [], "users": [], "systems": []})
        m["times"].append(r["times"][0])
        m["users"].append(r["user"])
        m["systems"].append(r["system"])
results = []
for m in merged.values():
    results.append({"command": m["command"], "times": m["times"], "rounds": m["times"],
                    "median": statistics.median(m["times"]), "mean": statistics.mean(m["times"]),
                    "user": statistics.median(m["users"]), "system": statistics.median(m["systems"])})
json.dump({"results": results}, open(sys.argv[1], "w"), indent=1)
PY
  rm -rf "$dir"
}
