# The start every tool test script shares. Sourced as
#   source "$(dirname "$0")/../lib/tool_test.sh" TOOLS_DIR NAME
# it stops the script at the first failing command, puts the tools first on
# PATH (C locale), and makes a fresh work directory /tmp/sp-NAME.XXXXXX the
# current one, removed on exit. $tools_dir and $work hold the two paths.
# fail MESSAGE stops with an error; a script may define its own after this.
set -euo pipefail
tools_dir=$(cd "$1" && pwd)
export PATH="$tools_dir:$PATH" LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-$2.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
