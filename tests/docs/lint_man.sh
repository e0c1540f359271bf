#!/usr/bin/env bash
# Lints every built man page with mandoc and, when groff is installed, with
# groff's own warnings (-ww; UTF-8 through preconv to a UTF-8 terminal, as
# man renders them). Any warning fails.
#   lint_man.sh MAN_BUILD_DIR
set -u
dir=$1
shopt -s nullglob
pages=("$dir"/*.[1-9])
if [[ ${#pages[@]} -eq 0 ]]; then
  echo "no man pages in $dir (build the 'man' target first)"
  exit 1
fi
linters=("mandoc -T lint -W warning")
command -v groff >/dev/null && linters+=("groff -k -Tutf8 -man -ww -z")
fail=0
for p in "${pages[@]}"; do
  for linter in "${linters[@]}"; do
    out=$($linter "$p" 2>&1)
    rc=$?
    if [[ $rc -ne 0 || -n $out ]]; then
      echo "$out"
      echo "$(basename "$p"): $linter reported problems (status $rc)"
      fail=1
    fi
  done
done
[[ $fail -eq 0 ]] && echo "${#pages[@]} man pages lint clean (${linters[*]}): ${pages[*]##*/}"
exit $fail
