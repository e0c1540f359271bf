#!/usr/bin/env bash
# Prints the completions a shell offers for a command line, one a line,
# sorted, with the shell finding the tool's completion file by the tool's
# name, as it does when it loads completions lazily:
#
#   complete_line.sh bash|zsh|fish "sp-gen --fo" [COMPLETIONS_DIR]
#
# With COMPLETIONS_DIR (holding bash/TOOL, zsh/_TOOL, fish/TOOL.fish) the
# shell looks there first; without it, only in the system's standard places
# (an installed package). fish looks only for commands on PATH.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shell=$1 line=$2 dir=${3:-}
[[ -n $dir ]] && dir=$(cd "$dir" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bash-user"
[[ -n $dir ]] && ln -s "$dir/bash" "$tmp/bash-user/completions"
case $shell in
  bash)
    # bash-completion's loader, as on the command line: first
    # BASH_COMPLETION_USER_DIR/completions, then the system's directories.
    BASH_COMPLETION_USER_DIR=$tmp/bash-user bash --norc --noprofile -c '
      source /usr/share/bash-completion/bash_completion || exit 1
      line=$1
      read -ra COMP_WORDS <<<"$line"
      [[ $line == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$line; COMP_POINT=${#line}
      __load_completion "${COMP_WORDS[0]}" || { echo "no bash completion found for ${COMP_WORDS[0]}" >&2; exit 1; }
      spec=$(complete -p "${COMP_WORDS[0]}") || exit 1
      fn=${spec##*-F }; fn=${fn%% *}
      "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      printf "%s\n" "${COMPREPLY[@]}"' _ "$line" ;;
  zsh)
    # compinit over fpath: COMPLETIONS_DIR/zsh first, then zsh's own.
    zsh -f "$here/zsh_complete.zsh" "${dir:+$dir/zsh}" "$line" "${SP_ZCOMPDUMP:-}" ;;
  fish)
    # fish_complete_path: COMPLETIONS_DIR/fish first, then fish's own.
    XDG_CONFIG_HOME=$tmp XDG_DATA_HOME=$tmp XDG_CACHE_HOME=$tmp HOME=$tmp \
      fish -c '
        if test -n "$argv[2]"; set -p fish_complete_path $argv[2]; end
        complete -C $argv[1]' "$line" "${dir:+$dir/fish}" | cut -f1 ;;
  *) echo "complete_line.sh: unknown shell $shell" >&2; exit 2 ;;
esac | grep -v '^$' | sort -u
exit "${PIPESTATUS[0]}"
