#!/usr/bin/env bash
# Fails unless a tool's --help fits a screen (at most 40 lines of at most 80
# columns) and ends with its examples (3 to 5: a description line ending in
# ':' with the command under it) followed by one line pointing to
# --help-all and the man page; and unless every option --help lists is one
# --help-all lists (the full listing the man page and completions follow).
#
#   check_help.sh TOOL_BINARY
set -u
bin=$1
tool=$(basename "$bin")
fail=0
problem() { echo "$tool --help: $*"; fail=1; }

help=$("$bin" --help) || { problem "exited with status $?"; exit 1; }
all=$("$bin" --help-all) || { problem "--help-all exited with status $?"; exit 1; }
mapfile -t lines <<<"$help"

(( ${#lines[@]} <= 40 )) || problem "${#lines[@]} lines; at most 40 fit a screen (move options to --help-all)"
for i in "${!lines[@]}"; do
  line=${lines[$i]}
  (( ${#line} <= 80 )) || problem "line $((i + 1)) has ${#line} columns (at most 80): $line"
  [[ $line == *' ' ]] && problem "line $((i + 1)) ends in a blank"
done

last=${lines[-1]}
[[ $last == *"$tool --help-all"* && $last == *"man $tool"* ]] \
  || problem "the last line should point to '$tool --help-all' and 'man $tool'; it is: $last"

# The examples: everything between the last "EXAMPLES:" and the blank line
# before the pointer.
start=-1
for i in "${!lines[@]}"; do [[ ${lines[$i]} == EXAMPLES: ]] && start=$i; done
if (( start < 0 )); then
  problem "has no EXAMPLES: section"
else
  examples=0 commands=0
  for ((i = start + 1; i < ${#lines[@]} - 2; i++)); do
    line=${lines[$i]}
    if [[ $line =~ ^\ \ [^\ ].*:$ ]]; then
      examples=$((examples + 1))
    elif [[ $line =~ ^\ \ \ \ [^\ ] ]]; then
      [[ ${lines[$((i - 1))]} =~ ^\ \ [^\ ].*:$ ]] && commands=$((commands + 1))
    elif [[ ! $line =~ ^\ \ \ \ \ \ [^\ ] ]]; then  # a continued command is indented further
      problem "line $((i + 1)) is neither an example nor part of one (the examples must end --help): $line"
    fi
  done
  (( examples >= 3 && examples <= 5 )) || problem "$examples examples; give 3 to 5"
  (( commands == examples )) || problem "$examples example descriptions but $commands commands under them"
  [[ -z ${lines[-2]} ]] || problem "a blank line should separate the examples from the last line"
fi

# Every option named in --help exists in --help-all.
while read -r opt; do
  grep -qE -- "(^|[ ,])$opt([ =,]|\$)" <<<"$all" || problem "lists $opt, which --help-all does not"
done < <(printf '%s\n' "$help" | sed -n '/^EXAMPLES:/q;p' | grep -oE -- '(^|[ ,])--?[A-Za-z][-A-Za-z0-9]*' \
         | sed 's/^[ ,]//' | sort -u)

[[ $fail -eq 0 ]] && echo "$tool --help: ${#lines[@]} lines, $examples examples, every option in --help-all"
exit $fail
