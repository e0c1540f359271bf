#!/usr/bin/env bash
# Re-runs golden cases and rewrites their expected files with what the tools
# now produce. Review the result with `git diff` before committing it.
#
#   bless.sh BIN_DIR PATH...
#
# Each PATH is a case folder (golden/sp-gen/basic), a tool folder
# (golden/sp-gen) or the whole golden/ tree; a folder that does not exist yet
# but is given as a case is fine once it holds a `cmd` file.
# Rewrites expected.stdout; expected.stderr when it exists or stderr is not
# empty; expected.exit when the exit status is not 0 (and removes it when the
# status is now 0); every file already listed under expected.files/.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -lt 2 ]]; then
  echo "usage: bless.sh BIN_DIR CASE_DIR|TOOL_DIR|golden/ ..." >&2
  exit 2
fi
bin_dir=$1
shift

cases=()
for p in "$@"; do
  if [[ ! -d $p ]]; then
    echo "bless.sh: no such directory: $p" >&2
    exit 2
  fi
  found=0
  while IFS= read -r -d '' c; do
    cases+=("$(cd "$(dirname "$c")" && pwd)")
    found=1
  done < <(find "$p" -name expected.files -prune -o -type f -name cmd -print0 | sort -z)
  if [[ $found -eq 0 ]]; then
    echo "bless.sh: no case (a folder with a cmd file) under $p" >&2
    exit 2
  fi
done

rc=0
for c in "${cases[@]}"; do
  bash "$here/run_case.sh" --bless "$bin_dir" "$c" || rc=1
done

# Show what changed so it gets reviewed, not committed blindly.
if top=$(git -C "${cases[0]}" rev-parse --show-toplevel 2>/dev/null); then
  echo
  echo "changes to review (git diff -- PATHS for the full diff):"
  git -C "$top" diff --stat -- "${cases[@]}"
  git -C "$top" status --short --untracked-files=all -- "${cases[@]}" | grep '^??' || true
fi
exit $rc
