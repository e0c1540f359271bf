#!/usr/bin/env bash
# Runs one golden case and compares its results with the recorded ones.
#
#   run_case.sh [--bless] BIN_DIR CASE_DIR
#
# CASE_DIR holds `cmd` (one shell line), the input files it reads,
# `expected.stdout`, and optionally `expected.stderr`, `expected.exit`
# (absent = 0) and `expected.files/` (files the command must create, compared
# byte for byte). The case folder is copied to a fresh temporary directory and
# the command runs there with BIN_DIR first on PATH, stdin from /dev/null and a
# fixed environment (SP_CLOCK, LC_ALL=C, TZ=UTC), so it never touches the repo.
#
# Exit status: 0 when everything matches, 1 on a mismatch (a unified diff and
# the command are printed), 2 on a usage error or a malformed case.
# --bless rewrites the expected files instead of comparing (see bless.sh).
set -u

bless=0
if [[ ${1:-} == --bless ]]; then bless=1; shift; fi
if [[ $# -ne 2 ]]; then
  echo "usage: run_case.sh [--bless] BIN_DIR CASE_DIR" >&2
  exit 2
fi
bin_dir=$(cd "$1" 2>/dev/null && pwd) || { echo "run_case.sh: no such directory: $1" >&2; exit 2; }
case_dir=$(cd "$2" 2>/dev/null && pwd) || { echo "run_case.sh: no such directory: $2" >&2; exit 2; }
case_name="$(basename "$(dirname "$case_dir")")/$(basename "$case_dir")"

if [[ ! -f $case_dir/cmd ]]; then
  echo "run_case.sh: $case_name: missing cmd file" >&2
  exit 2
fi
cmd=$(<"$case_dir/cmd")
if [[ $(grep -c . "$case_dir/cmd") -ne 1 ]]; then
  echo "run_case.sh: $case_name: cmd must hold exactly one shell line" >&2
  exit 2
fi
if [[ $bless -eq 0 && ! -f $case_dir/expected.stdout ]]; then
  echo "run_case.sh: $case_name: missing expected.stdout (create it with bless.sh)" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sp-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work
mkdir "$work"
# Copy the case's inputs, not its expectations: the command sees only what it
# is meant to read, and every other file in work/ afterwards is one it made.
(cd "$case_dir" && find . -mindepth 1 -maxdepth 1 ! -name 'expected.*' -exec cp -a {} "$work/" \;)

# A fixed environment: nothing from the caller's shell leaks into the case
# except PATH (after BIN_DIR) and sanitizer settings.
env_args=(
  "PATH=$bin_dir:$PATH"
  "HOME=$tmp"
  "SP_CLOCK=2026-01-01T00:00:00Z"
  "LC_ALL=C"
  "TZ=UTC"
)
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS TMPDIR; do
  [[ -n ${!v:-} ]] && env_args+=("$v=${!v}")
done
(cd "$work" && exec env -i "${env_args[@]}" bash -c "$cmd") \
  </dev/null >"$tmp/actual.stdout" 2>"$tmp/actual.stderr"
status=$?

if [[ $bless -eq 1 ]]; then
  changed=()
  update() {  # update SRC DEST: copy when different, remember what changed
    if ! cmp -s "$1" "$2"; then cp "$1" "$2" && changed+=("${2#"$case_dir"/}"); fi
  }
  update "$tmp/actual.stdout" "$case_dir/expected.stdout"
  if [[ -f $case_dir/expected.stderr || -s $tmp/actual.stderr ]]; then
    update "$tmp/actual.stderr" "$case_dir/expected.stderr"
  fi
  if [[ $status -ne 0 ]]; then
    echo "$status" >"$tmp/actual.exit"
    update "$tmp/actual.exit" "$case_dir/expected.exit"
  elif [[ -f $case_dir/expected.exit ]]; then
    rm "$case_dir/expected.exit" && changed+=("expected.exit (removed)")
  fi
  rc=0
  if [[ -d $case_dir/expected.files ]]; then
    while IFS= read -r -d '' f; do
      rel=${f#"$case_dir/expected.files/"}
      if [[ -f $work/$rel ]]; then
        update "$work/$rel" "$f"
      else
        echo "bless: $case_name: the command no longer creates $rel" >&2
        rc=1
      fi
    done < <(find "$case_dir/expected.files" -type f -print0 | sort -z)
  fi
  if [[ ${#changed[@]} -gt 0 ]]; then
    echo "blessed $case_name: ${changed[*]} (exit $status)"
  else
    echo "unchanged $case_name (exit $status)"
  fi
  exit $rc
fi

fail=0
mismatch() { fail=1; echo "--- $case_name: $1 differs"; }
compare() {  # compare EXPECTED ACTUAL LABEL
  if ! cmp -s "$1" "$2"; then
    mismatch "$3"
    diff -u --label "expected $3" --label "actual $3" "$1" "$2"
  fi
}
compare "$case_dir/expected.stdout" "$tmp/actual.stdout" stdout
if [[ -f $case_dir/expected.stderr ]]; then
  compare "$case_dir/expected.stderr" "$tmp/actual.stderr" stderr
fi
expected_status=0
if [[ -f $case_dir/expected.exit ]]; then
  expected_status=$(tr -d ' \t\r\n' <"$case_dir/expected.exit")
fi
if [[ $status != "$expected_status" ]]; then
  mismatch "exit status"
  echo "expected exit status $expected_status, got $status"
  if [[ ! -f $case_dir/expected.stderr && -s $tmp/actual.stderr ]]; then
    echo "stderr was:"
    sed 's/^/  /' "$tmp/actual.stderr"
  fi
fi
if [[ -d $case_dir/expected.files ]]; then
  while IFS= read -r -d '' f; do
    rel=${f#"$case_dir/expected.files/"}
    if [[ ! -f $work/$rel ]]; then
      mismatch "file $rel"
      echo "the command did not create $rel"
    else
      compare "$f" "$work/$rel" "file $rel"
    fi
  done < <(find "$case_dir/expected.files" -type f -print0 | sort -z)
fi

if [[ $fail -ne 0 ]]; then
  echo "command (run in a copy of $case_dir):"
  echo "  $cmd"
  echo "after review, accept the new output with:"
  echo "  tests/golden/bless.sh $bin_dir $case_dir"
  exit 1
fi
exit 0
