#!/usr/bin/env bash
# The systemd units of sp(7)'s recipes pass `systemd-analyze verify` with no
# message at all. The units name installed paths (/usr/bin/sp-*,
# /usr/share/sp/recipes/); unless told to check them as they are, this
# points copies at the built tools and the source tree, since verify checks
# that every ExecStart program exists and is executable.
#
#   systemd_verify.sh RECIPES_DIR [TOOLS_DIR]
# Without TOOLS_DIR the units are verified as they are (installed package).
# Exits 77 (skipped) when systemd-analyze is not installed.
set -u
recipes=$(cd "$1" && pwd) tools=${2:-}
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
units=()
for u in "$recipes"/*.service "$recipes"/*.timer; do
  if [[ -n $tools ]]; then
    sed -e "s#/usr/bin/sp-#$(cd "$tools" && pwd)/sp-#g" \
        -e "s#/usr/share/sp/recipes/#$recipes/#g" "$u" >"$tmp/${u##*/}"
    units+=("$tmp/${u##*/}")
  else
    units+=("$u")
  fi
done
out=$(systemd-analyze verify --man=no "${units[@]}" 2>&1)
rc=$?
if [[ $rc -ne 0 || -n $out ]]; then
  echo "$out"
  echo "systemd-analyze verify: status $rc for ${units[*]##*/}"
  exit 1
fi
echo "systemd-analyze verify: ${#units[@]} units clean: ${units[*]##*/}"
