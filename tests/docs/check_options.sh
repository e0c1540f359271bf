#!/usr/bin/env bash
# Fails when a long option in a tool's --help-all (every option; --help shows
# only the essential ones) is missing from its man page source or from any of
# its completion files, or when an option whose --help-all shows a default
# has no entry in the man page saying "Default".
#
#   check_options.sh TOOL_BINARY MAN_SOURCE_DIR COMPLETIONS_DIR
set -u
bin=$1 man_dir=$2 comp_dir=$3
tool=$(basename "$bin")
fail=0
problem() { echo "$tool: $*"; fail=1; }

help=$("$bin" --help-all) || { problem "'$tool --help-all' failed"; exit 1; }
# Every long option name on an option line ("  -o,--output FILE   ...").
mapfile -t opts < <(printf '%s\n' "$help" | grep -E '^ +-' | awk '{print $1}' | tr ',' '\n' \
                    | grep -E '^--[A-Za-z0-9]' | sort -u)
if [[ ${#opts[@]} -eq 0 ]]; then
  problem "found no long options in --help-all"
  exit 1
fi

has_word() {  # has_word OPTION TEXT: OPTION appears as a whole word
  grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" <<<"$2"
}

page=$(ls "$man_dir/$tool".[1-9].scd 2>/dev/null | head -n1)
if [[ -z $page ]]; then
  problem "no man page: expected $man_dir/$tool.1.scd documenting ${opts[*]}"
  man_text=""
else
  man_text=$(<"$page")
fi
bash_file=bash/$tool zsh_file=zsh/_$tool fish_file=fish/$tool.fish
for f in $bash_file $zsh_file $fish_file; do
  [[ -f $comp_dir/$f ]] || problem "no completion file $comp_dir/$f"
done
bash_text=$(grep -v '^#' "$comp_dir/$bash_file" 2>/dev/null)
zsh_text=$(grep -v '^#' "$comp_dir/$zsh_file" 2>/dev/null)
fish_text=$(grep -E "^complete -c $tool " "$comp_dir/$fish_file" 2>/dev/null)

for o in "${opts[@]}"; do
  if [[ -n $page ]] && ! has_word "$o" "$man_text"; then
    problem "option $o is missing from its man page $(basename "$page")"
  fi
  has_word "$o" "$bash_text" || problem "option $o is missing from the bash completions ($bash_file)"
  has_word "$o" "$zsh_text" || problem "option $o is missing from the zsh completions ($zsh_file)"
  grep -qE -- " -l ${o#--}( |\$)" <<<"$fish_text" || problem "option $o is missing from the fish completions ($fish_file)"
done
# Defaults: an option taking a value with a default in --help-all (CLI11's "=VALUE", or
# "(default ...)" in its description) has an entry (a line starting with
# its name in bold, then indented lines) that gives it.
man_entry() {  # the man page entry of option $1
  awk -v o="*$1*" '
    f && /^\t/ {print; got = 1; next}
    f && got {exit}
    {f = /^\*-/ && index($0, o)}' "$page"
}
US=$'\037'
if [[ -n $page ]]; then
  while IFS=$US read -r longs shorts kind values repeat def desc; do
    [[ $kind != flag && ( -n $def || $desc == *"(default"* ) ]] || continue
    o=${longs%% *}
    [[ -n $o ]] || continue
    grep -qi 'default' <<<"$(man_entry "$o")" \
      || problem "$o has a default in --help-all, but its entry in $(basename "$page") gives none"
  done < <(printf '%s\n' "$help" | awk -f "$(dirname "${BASH_SOURCE[0]}")/../../completions/parse_help.awk")
fi

[[ $fail -eq 0 ]] && echo "$tool: ${#opts[@]} options, all in the man page and the bash, zsh and fish completions"
exit $fail
