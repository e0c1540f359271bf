#!/usr/bin/env bash
# Fails when a man page source lacks what readers look for: an EXIT STATUS
# section, at least three examples (code blocks under EXAMPLES, or under the
# cookbook's RECIPES in a section-7 page), and a SEE ALSO section whose
# references to sp pages all exist.
#
#   check_man_sections.sh MAN_SOURCE_DIR
set -u
dir=$1
shopt -s nullglob
pages=("$dir"/*.[1-9].scd)
[[ ${#pages[@]} -gt 0 ]] || { echo "no man page sources in $dir"; exit 1; }
fail=0
for p in "${pages[@]}"; do
  name=$(basename "$p" .scd)
  problem() { echo "$name: $*"; fail=1; }
  section() {  # the text of top-level section $1 (up to the next "# ")
    awk -v h="# $1" '$0 == h {f = 1; next} f && /^# / {exit} f {print}' "$p"
  }
  grep -qx '# EXIT STATUS' "$p" || problem "no EXIT STATUS section"
  grep -qx '# SEE ALSO' "$p" || problem "no SEE ALSO section"
  blocks=$(( $( { section EXAMPLES; section RECIPES; } | grep -c '^```') / 2 ))
  [[ $blocks -ge 3 ]] || problem "$blocks examples under EXAMPLES (at least 3 wanted)"
  for ref in $(section 'SEE ALSO' | grep -oE '\*sp(-[a-z]+)?\*\([1-9]\)' | tr -d '*()'); do
    # sp-window1 -> sp-window.1
    [[ -f $dir/${ref%[1-9]}.${ref: -1}.scd ]] || problem "SEE ALSO names ${ref%[1-9]}(${ref: -1}), which has no page"
  done
done
[[ $fail -eq 0 ]] && echo "${#pages[@]} man pages have EXIT STATUS, SEE ALSO and at least 3 examples"
exit $fail
