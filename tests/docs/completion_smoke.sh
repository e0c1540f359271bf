#!/usr/bin/env bash
# Loads the completions in a real shell, found by the tool's name as the
# shell loads them lazily, and asks for completions: for every tool, an
# option prefix must complete to that option, and every enumerated option
# (e.g. sp-gen --format, sp-parse --from) must offer exactly its values.
#
#   completion_smoke.sh bash|zsh|fish COMPLETIONS_DIR TOOL_BINARY...
# COMPLETIONS_DIR holds bash/TOOL, zsh/_TOOL and fish/TOOL.fish.
# Exits 77 (skipped) when the shell is not installed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
parser=$here/../../completions/parse_help.awk
shell=$1 dir=$2
shift 2
command -v "$shell" >/dev/null || { echo "$shell is not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# fish loads the completions of commands it finds on PATH only.
PATH=$(cd "$(dirname "$1")" && pwd):$PATH

complete_line() {  # complete_line "sp-gen --fo": the candidates, one a line, sorted
  SP_ZCOMPDUMP=$tmp/zcompdump bash "$here/complete_line.sh" "$shell" "$1" "$dir"
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
  rows=$("$bin" --help-all | awk -f "$parser")
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
  # The cases the docs promise, written out here rather than read from
  # --help-all, so that they also catch values the help parser misses.
  if [[ $tool == sp-gen ]]; then
    expect_set "sp-gen --format " "ndjson csv logfmt nginx-combined syslog"
    expect_set "sp-gen --format n" "ndjson nginx-combined"
  fi
  if [[ $tool == sp-parse ]]; then
    expect_set "sp-parse --from " "json csv tsv logfmt regex nginx-combined apache-common
      apache-combined syslog-rfc3164 syslog-rfc5424 auto"
    expect_set "sp-parse --from sys" "syslog-rfc3164 syslog-rfc5424"
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
