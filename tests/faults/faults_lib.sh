# shellcheck shell=bash
# Shared by the fault tests (source it):  TOOLS_DIR SHIM_PATH as $1 $2.
# Sets PATH, a scratch directory as the working directory, and:
#   TOOLS           the tools that read records
#   tool_cmd TOOL   a command line of TOOL that writes one line per input
#                   record (so every fault has output to hit)
#   with_shim ...   runs a command with the fault shim preloaded
#   expect_status N CMD...   runs CMD (stderr to err.txt), checks its status
#   fail MSG        prints MSG and the last stderr, exits 1
set -euo pipefail
tools_dir=$(cd "$1" && pwd)
shim=$2
export PATH="$tools_dir:$PATH" LC_ALL=C TZ=UTC
# The shim is preloaded before the sanitizer runtime in the ASan build.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-faults.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# shellcheck disable=SC2034  # used by the scripts that source this one
TOOLS="sp-parse sp-dedup sp-window sp-partition sp-join"
awk 'BEGIN { for (i = 1; i <= 50; i++) printf "{\"user\":\"u%d\",\"plan\":\"p%d\"}\n", i, i % 3 }' > table.ndjson

tool_cmd() {
  case $1 in
    sp-parse) echo "sp-parse" ;;
    sp-dedup) echo "sp-dedup --key id" ;;
    sp-window) echo "sp-window --count 1 --by user --agg count" ;;
    sp-partition) echo "sp-partition --key user -n 4 --annotate p" ;;
    sp-join) echo "sp-join --table table.ndjson --on user --how left" ;;
    *) echo "no command for $1" >&2; exit 2 ;;
  esac
}

with_shim() { env LD_PRELOAD="$shim" "$@"; }

fail() {
  echo "FAIL: $*" >&2
  [ -f err.txt ] && { echo "--- stderr:" >&2; tail -n 20 err.txt >&2; }
  exit 1
}

expect_status() {
  local want=$1 got=0
  shift
  "$@" 2> err.txt || got=$?
  [ "$got" -eq "$want" ] || fail "status $got, expected $want: $*"
  if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' err.txt; then fail "sanitizer report: $*"; fi
}

# expect_message REGEX: the last command's stderr matches REGEX.
expect_message() {
  grep -qE "$1" err.txt || fail "stderr does not match /$1/"
}
