#!/usr/bin/env bash
# Fails when a long option in a tool's --help is missing from its man page
# source or from any of the generated completion files.
#
#   check_options.sh TOOL_BINARY MAN_SOURCE_DIR COMPLETIONS_BUILD_DIR
set -u
bin=$1 man_dir=$2 comp_dir=$3
tool=$(basename "$bin")
fn=_${tool//[^A-Za-z0-9]/_}
fail=0
problem() { echo "$tool: $*"; fail=1; }

help=$("$bin" --help) || { problem "'$tool --help' failed"; exit 1; }
# Every long option name on an option line ("  -o,--output FILE   ...").
mapfile -t opts < <(printf '%s\n' "$help" | grep -E '^ +-' | awk '{print $1}' | tr ',' '\n' \
                    | grep -E '^--[A-Za-z0-9]' | sort -u)
if [[ ${#opts[@]} -eq 0 ]]; then
  problem "found no long options in --help"
  exit 1
fi

has_word() {  # has_word OPTION TEXT: OPTION appears as a whole word
  grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" <<<"$2"
}
block() {  # the generated function for this tool in a completion file
  awk -v start="$fn() {" '$0 == start {f = 1} f {print} f && /^}/ {exit}' "$1"
}

page=$(ls "$man_dir/$tool".[1-9].scd 2>/dev/null | head -n1)
if [[ -z $page ]]; then
  problem "no man page: expected $man_dir/$tool.1.scd documenting ${opts[*]}"
  man_text=""
else
  man_text=$(<"$page")
fi
for f in sp.bash _sp sp.fish; do
  [[ -f $comp_dir/$f ]] || problem "no generated completion file $comp_dir/$f"
done
bash_text=$(block "$comp_dir/sp.bash" 2>/dev/null)
zsh_text=$(block "$comp_dir/_sp" 2>/dev/null)
fish_text=$(grep -E "^complete -c $tool " "$comp_dir/sp.fish" 2>/dev/null)
[[ -n $bash_text ]] || problem "no $fn function in sp.bash"
[[ -n $zsh_text ]] || problem "no $fn function in _sp"
[[ -n $fish_text ]] || problem "no 'complete -c $tool' lines in sp.fish"

for o in "${opts[@]}"; do
  if [[ -n $page ]] && ! has_word "$o" "$man_text"; then
    problem "option $o is missing from its man page $(basename "$page")"
  fi
  has_word "$o" "$bash_text" || problem "option $o is missing from the bash completions (sp.bash)"
  has_word "$o" "$zsh_text" || problem "option $o is missing from the zsh completions (_sp)"
  grep -qE -- " -l ${o#--}( |\$)" <<<"$fish_text" || problem "option $o is missing from the fish completions (sp.fish)"
done
[[ $fail -eq 0 ]] && echo "$tool: ${#opts[@]} options, all in the man page and the bash, zsh and fish completions"
exit $fail
