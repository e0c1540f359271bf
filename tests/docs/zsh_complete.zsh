#!/usr/bin/env zsh
# Prints the completions an interactive zsh offers for a command line, one a
# line, using the completion functions found in FPATH_DIR (e.g. _sp-gen)
# and then in zsh's own fpath (FPATH_DIR may be empty):
#   zsh_complete.zsh FPATH_DIR "sp-gen --fo" [COMPDUMP_FILE]
# Pass a COMPDUMP_FILE to reuse across calls: compinit without one is slow.
# It drives `zsh -f -i` in a pseudo-terminal (zsh/zpty), wraps compadd to
# record every match added, presses TAB, then a key bound to a marker widget.
emulate -L zsh
zmodload zsh/zpty || exit 77
dir=$1 line=$2 dump=${3:-}
tmp=$(mktemp -d)
if [[ -n $dump ]]; then cinit="compinit -u -d ${(q)dump}"; else cinit="compinit -u -D"; fi
out=$tmp/out
cat >$tmp/init.zsh <<INIT
PS1='' PROMPT='' RPROMPT=''
${dir:+fpath=(${(q)dir} \$fpath)}
autoload -U compinit && $cinit
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "\$@"; return \$?; fi
  local -a __hits
  builtin compadd -A __hits "\$@"
  print -rl -- "\${__hits[@]}" >>${(q)out}
  builtin compadd "\$@"
}
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' select-prompt ''
done-marker() { print -r -- __DONE__ >>${(q)out} }
zle -N done-marker
bindkey '^I' complete-word
bindkey '^T' done-marker
INIT
HOME=$tmp zpty z "zsh -f -i"
zpty -w z "source ${(q)tmp}/init.zsh"
zpty -wn z "$line"$'\t'$'\x14'
ok=0
for i in {1..200}; do
  if grep -q __DONE__ $out 2>/dev/null; then ok=1; break; fi
  while zpty -rt z junk 2>/dev/null; do :; done
  sleep 0.05
done
zpty -d z
grep -v -e __DONE__ -e '^$' $out 2>/dev/null | sort -u
rm -rf $tmp
(( ok )) || { print -u2 "zsh_complete.zsh: no answer from zsh for '$line'"; exit 1 }
