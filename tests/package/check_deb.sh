#!/usr/bin/env bash
# Checks a built sp .deb without installing it: its control data (name,
# version, Depends computed from the binaries' shared libraries) and that it
# holds every tool with its man page and bash, zsh and fish completions at
# the paths the system looks in, plus sp(7) and the recipes.
#
#   check_deb.sh SP_DEB TOOLS_DIR
set -u
deb=$1 tools=$2
fail=0
problem() { echo "$(basename "$deb"): $*"; fail=1; }

[[ $(dpkg-deb -f "$deb" Package) == sp ]] || problem "Package is not 'sp'"
description=$(dpkg-deb -f "$deb" Description)
synopsis=$(head -n 1 <<<"$description")
[[ -n $synopsis && $(wc -l <<<"$description") -ge 3 ]] || problem "Description lacks a synopsis or an extended description"
grep -qxF " $synopsis" <<<"$description" && problem "Description repeats its synopsis"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libstdc++6 libzstd1 libre2 libxxhash libssl3; do
  grep -q "$lib" <<<"$depends" || problem "Depends lacks $lib (dpkg-shlibdeps did not run?)"
done

listing=$(dpkg-deb -c "$deb")
files=$(awk '{print $6}' <<<"$listing" | sed 's#^\./#/#')
want=(/usr/share/man/man7/sp.7.gz /usr/share/sp/recipes/sp-hourly.sh)
for bin in "$tools"/sp-*; do
  [[ -x $bin && -f $bin ]] || continue
  t=${bin##*/}
  want+=(/usr/bin/$t /usr/share/man/man1/$t.1.gz
         /usr/share/bash-completion/completions/$t
         /usr/share/zsh/vendor-completions/_$t
         /usr/share/fish/vendor_completions.d/$t.fish)
done
for f in "${want[@]}"; do
  grep -qxF "$f" <<<"$files" || problem "does not contain $f"
done
# The man pages are compressed, the script executable, the binaries stripped.
while read -r f; do
  [[ -n $f ]] && problem "uncompressed man page $f"
done < <(grep -E '^/usr/share/man/.*[^/]$' <<<"$files" | grep -v '\.gz$')
grep -q '^-rwxr-xr-x .*/usr/share/sp/recipes/sp-hourly.sh$' <<<"$listing" \
  || problem "sp-hourly.sh is not executable"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
file "$tmp"/usr/bin/sp-* | grep 'not stripped' && problem "binaries above are not stripped"
[[ $fail -eq 0 ]] && echo "$(basename "$deb"): ${#want[@]} expected files present, $(wc -l <<<"$files") entries, Depends from shlibdeps"
exit $fail
