#!/usr/bin/env bash
# Loads the generated completions in a real shell and asks for completions:
# for every tool, an option prefix must complete to that option, and every
# enumerated option (e.g. sp-gen --format) must offer exactly its values.
#
#   completion_smoke.sh bash|zsh|fish COMPLETIONS_BUILD_DIR TOOL_BINARY...
# Exits 77 (skipped) when the shell is not installed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
parser=$here/../../completions/parse_help.awk
shell=$1 dir=$2
shift 2
command -v "$shell" >/dev/null || { echo "$shell is not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

complete_line() {  # complete_line "sp-gen --fo": the candidates, one a line, sorted
  case $shell in
    bash)
      bash --norc --noprofile -c '
        source "$1" || exit 1
        line=$2
        read -ra COMP_WORDS <<<"$line"
        [[ $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$line; COMP_POINT=${#line}
        spec=$(complete -p "${COMP_WORDS[0]}") || exit 1
        fn=${spec##*-F }; fn=${fn%% *}
        "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$dir/sp.bash" "$1" ;;
    zsh)
      zsh -f "$here/zsh_complete.zsh" "$dir" "$1" "$tmp/zcompdump" ;;
    fish)
      XDG_CONFIG_HOME=$tmp XDG_DATA_HOME=$tmp XDG_CACHE_HOME=$tmp HOME=$tmp \
        fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$dir/sp.fish" "$1" | cut -f1 ;;
  esac | grep -v '^$' | sort -u
}

fail=0
checks=0
expect_has() {  # expect_has LINE WORD: WORD is among the completions of LINE
  checks=$((checks + 1))
  got=$(complete_line "$1")
  # zsh shows file names without their directory
  if ! grep -qxF -e "$2" -e "${2##*/}" <<<"$got"; then
    echo "$shell: completing '$1' did not offer '$2'; got: $(echo $got)"
    fail=1
  fi
}
expect_set() {  # expect_set LINE "W1 W2 ...": the completions are exactly these
  checks=$((checks + 1))
  got=$(complete_line "$1" | tr '\n' ' ')
  want=$(tr ' ' '\n' <<<"$2" | grep -v '^$' | sort -u | tr '\n' ' ')
  if [[ $got != "$want" ]]; then
    echo "$shell: completing '$1' offered '$got'; expected '$want'"
    fail=1
  fi
}

US=$'\037'
for bin in "$@"; do
  tool=$(basename "$bin")
  rows=$("$bin" --help | awk -f "$parser")
  enums=0
  while IFS=$US read -r longs shorts kind values repeat def desc; do
    for o in $longs; do
      # A prefix of the option (at least 4 characters) completes to it.
      n=$(( ${#o} > 5 ? ${#o} - 2 : ${#o} ))
      expect_has "$tool ${o:0:n}" "$o"
      if [[ -n $values ]]; then
        enums=$((enums + 1))
        expect_set "$tool $o " "$values"
      fi
    done
  done <<<"$rows"
  if [[ $tool == sp-gen ]]; then
    # The case the docs promise: sp-gen --format offers the formats.
    expect_set "sp-gen --format " "ndjson csv logfmt nginx-combined syslog"
    expect_set "sp-gen --format n" "ndjson nginx-combined"
  fi
  # Option values that are files complete file names.
  touch "$tmp/some-input.ndjson"
  file_opt=$(awk -F"$US" '$3 == "file" {split($1, a, " "); print a[1]; exit}' <<<"$rows")
  if [[ -n $file_opt ]]; then
    expect_has "$tool $file_opt $tmp/some-in" "$tmp/some-input.ndjson"
  fi
done
[[ $fail -eq 0 ]] && echo "$shell: $checks completion checks passed"
exit $fail
