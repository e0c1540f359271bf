#!/usr/bin/env bash
# Keyed state at 10M distinct keys, for every stateful tool: peak RSS,
# CPU and wall time, or the message that stops the run at its documented
# bound. Not run by ctest (minutes, GBs of memory); the scaled-down checks
# run there (tests/limits/).
# Usage: bench_limits.sh TOOLS_DIR [KEYS]   (default 10000000)
# Writes ~830 MB of data at 10M keys to a temporary directory under
# $TMPDIR (/tmp), removed at exit; sp-window needs ~2.5 GiB of memory there.
set -euo pipefail
tools=$(cd "$1" && pwd)
n=${2:-10000000}
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# n distinct ids, one second of event time apart (all in one 1000-day window).
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "{\"id\":\"k%d\",\"ts\":%d,\"n\":%d}\n", i, 1767225600 + i, i % 1000 }' > keys.ndjson
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "{\"id\":\"k%d\",\"plan\":\"p%d\"}\n", i, i % 7 }' > table.ndjson
echo "data: $n distinct keys, $(du -m keys.ndjson | cut -f1) MB"
echo
echo "| command | status | peak RSS | bytes per key | user+sys CPU | wall | message |"
echo "|---|---:|---:|---:|---:|---:|---|"

# run LABEL CMD...: one table row.
run() {
  local label=$1 status=0
  shift
  /usr/bin/time -f '%M %e %U %S' -o time.txt "$@" > /dev/null 2> err.txt || status=$?
  read -r kib secs user sys < <(tail -n 1 time.txt)
  local message
  message=$( (grep -v -e '^{"records_in"' -e 'Command exited' err.txt || true) | head -n 1 | cut -c1-150 | sed 's/|/\\|/g')
  printf '| `%s` | %d | %d MiB | %.1f | %.1f s | %s s | %s |\n' "$label" "$status" $((kib / 1024)) \
    "$(awk -v k="$kib" -v n="$n" 'BEGIN { print k * 1024 / n }')" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
    "$secs" "$message"
}

run "sp-dedup --key id" sp-dedup --key id --input keys.ndjson
run "sp-dedup --key id --max-keys 1000000" sp-dedup --key id --max-keys 1000000 --input keys.ndjson
run "sp-dedup --key id --approx (sized for the default --max-keys 10000000)" sp-dedup --key id --approx --input keys.ndjson
run "sp-window --tumbling 1000d --by id (default --max-groups 10000000)" \
  sp-window --tumbling 1000d --time-field ts --time-format epoch_s --by id --agg count,sum:n --input keys.ndjson
run "sp-window ... --max-groups 1000000" \
  sp-window --tumbling 1000d --time-field ts --time-format epoch_s --by id --agg count,sum:n --max-groups 1000000 --input keys.ndjson
run "sp-window ... --max-groups 1000000 --on-overflow emit-oldest" \
  sp-window --tumbling 1000d --time-field ts --time-format epoch_s --by id --agg count,sum:n --max-groups 1000000 \
  --on-overflow emit-oldest --input keys.ndjson
# (--max-values 100000, not the default 1000000: creating a million files
# takes longer than everything else here together.)
run "sp-partition --by-value id --max-values 100000" \
  sp-partition --by-value id --max-values 100000 --output-template 'v/{value}.ndjson' --input keys.ndjson
rm -rf v
run "sp-join --table (n rows) --on id" sp-join --table table.ndjson --on id --how left --input keys.ndjson
run "sp-join --right (n records) --within 1h" \
  sp-join --right keys.ndjson --on id --time-field ts --time-format epoch_s --within 1h --input keys.ndjson
