#!/usr/bin/env bash
# Fails when the committed completions (completions/bash, zsh, fish) differ
# from what completions/generate.sh makes from the built tools' --help-all, and
# prints the command that refreshes them.
#
#   completions_fresh.sh SOURCE_COMPLETIONS_DIR TOOL_BINARY...
set -u
src=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash "$src/generate.sh" -o "$tmp" "$@" || { echo "generate.sh failed"; exit 1; }
fail=0
for shell in bash zsh fish; do
  if ! diff -ru "$src/$shell" "$tmp/$shell" >"$tmp/diff" 2>&1; then
    cat "$tmp/diff"
    fail=1
  fi
done
if [[ $fail -ne 0 ]]; then
  echo
  echo "The committed completions are stale (or missing) for the tools' current --help-all."
  echo "Refresh them, review the diff and commit:"
  echo "  bash $src/generate.sh -o $src $(dirname "$1")/sp-*"
  exit 1
fi
echo "completions/{bash,zsh,fish} match the --help-all of: ${*##*/}"
