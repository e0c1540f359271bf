#!/usr/bin/env bash
# Checks an installed sp package as users meet it: the binaries on PATH
# run, `man -w` finds the pages, each shell finds the completions by itself
# (no path given), and the installed systemd units verify.
#
#   check_installed.sh TOOLS_DIR
# TOOLS_DIR (a build's tools/) only says which tools to expect.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
docs=$here/../docs
tools=$1
fail=0
problem() { echo "installed sp: $*"; fail=1; }

mapfile -t names < <(cd "$tools" && for f in sp-*; do [[ -f $f && -x $f ]] && echo "$f"; done)
[[ ${#names[@]} -gt 0 ]] || { problem "no tools in $tools"; exit 1; }

for t in "${names[@]}"; do
  [[ $(command -v "$t") == /usr/bin/$t ]] || problem "$t is not /usr/bin/$t on PATH"
  v=$("/usr/bin/$t" --version 2>&1) || problem "/usr/bin/$t --version failed: $v"
done
echo "\$ sp-parse --version"
sp-parse --version

# Man pages. Slim Debian images tell dpkg not to install /usr/share/man
# (path-exclude in /etc/dpkg/dpkg.cfg.d/); then man -w cannot find what is
# not on disk, and the package's file list is all there is to check.
excluded=$(grep -rls '^path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/ 2>/dev/null)
listed=$(dpkg-query -L sp)
for page in /usr/share/man/man1/sp-window.1.gz /usr/share/man/man7/sp.7.gz; do
  grep -qxF "$page" <<<"$listed" || problem "dpkg -L sp does not list $page"
done
if [[ -n $excluded ]]; then
  echo "NOTE: man -w not checked: dpkg excludes /usr/share/man here ($excluded); the package lists the pages"
elif ! command -v man >/dev/null; then
  problem "man is not installed (man-db), cannot check man -w"
else
  echo "\$ man -w sp-window"
  w=$(man -w sp-window) && echo "$w"
  [[ $w == /usr/share/man/man1/sp-window.1.gz ]] || problem "man -w sp-window gave '$w'"
  w=$(man -w 7 sp)
  [[ $w == /usr/share/man/man7/sp.7.gz ]] || problem "man -w 7 sp gave '$w'"
  for t in "${names[@]}"; do
    man -w "$t" >/dev/null 2>&1 || problem "man -w $t finds no page"
  done
fi

# Completions, found by each shell in its standard places.
for shell in bash zsh fish; do
  if ! command -v "$shell" >/dev/null; then
    echo "NOTE: $shell is not installed: its completions not checked"
    continue
  fi
  got=$(bash "$docs/complete_line.sh" "$shell" "sp-window --tumb")
  grep -qx -- --tumbling <<<"$got" || problem "$shell: 'sp-window --tumb' offered: $(echo $got)"
  got=$(bash "$docs/complete_line.sh" "$shell" "sp-gen --format n")
  [[ $(echo $got) == "ndjson nginx-combined" ]] || problem "$shell: 'sp-gen --format n' offered: $(echo $got)"
  echo "$shell: finds the installed completions"
done

# The recipes' units, as installed.
bash "$here/../recipes/systemd_verify.sh" /usr/share/sp/recipes || problem "installed units do not verify"

[[ $fail -eq 0 ]] && echo "installed sp: ${#names[@]} tools run, man pages, completions and units found"
exit $fail
