#!/usr/bin/env bash
# Lints every built man page with mandoc; any warning fails.
#   lint_man.sh MAN_BUILD_DIR
set -u
dir=$1
shopt -s nullglob
pages=("$dir"/*.[1-9])
if [[ ${#pages[@]} -eq 0 ]]; then
  echo "no man pages in $dir (build the 'man' target first)"
  exit 1
fi
fail=0
for p in "${pages[@]}"; do
  out=$(mandoc -T lint -W warning "$p" 2>&1)
  rc=$?
  if [[ $rc -ne 0 || -n $out ]]; then
    echo "$out"
    echo "$(basename "$p"): mandoc -T lint -W warning reported problems (status $rc)"
    fail=1
  fi
done
[[ $fail -eq 0 ]] && echo "${#pages[@]} man pages lint clean: ${pages[*]##*/}"
exit $fail
