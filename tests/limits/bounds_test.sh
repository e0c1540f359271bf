#!/usr/bin/env bash
# Keyed state past its bound: each stateful tool either stays within the
# bound it documents or stops with status 1 and a message naming the option
# to raise. Scaled down (20,000 distinct keys against bounds of 1,000); the
# 10M-key figures are from tests/bench/bench_limits.sh.
#   bounds_test.sh TOOLS_DIR
source "$(dirname "$0")/../lib/tool_test.sh" "$1" bounds

fail() { echo "FAIL: $*" >&2; tail -n 5 err.txt >&2 || true; exit 1; }
# distinct_keys N: N records with distinct ids, one second apart.
distinct_keys() {
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "{\"id\":\"k%d\",\"ts\":%d,\"n\":%d}\n", i, 1767225600 + i, i }'
}
distinct_keys 20000 > keys.ndjson

# expect_stop OPTION CMD...: status 1, stderr names OPTION.
expect_stop() {
  local option=$1 status=0
  shift
  "$@" > /dev/null 2> err.txt || status=$?
  [ "$status" -eq 1 ] || fail "status $status, expected 1: $*"
  grep -q -- "$option" err.txt || fail "the message does not name $option: $*"
  echo "ok    stops naming $option: $(head -c 160 err.txt)"
}

expect_stop --max-groups sp-window --tumbling 1d --time-field ts --time-format epoch_s --by id --max-groups 1000 --input keys.ndjson
expect_stop --max-groups sp-window --session 1h --time-field ts --time-format epoch_s --by id --max-groups 1000 --input keys.ndjson
expect_stop --max-groups sp-window --count 100 --by id --max-groups 1000 --input keys.ndjson
expect_stop --max-values sp-partition --by-value id --max-values 1000 --output-template 'v/{value}.ndjson' --input keys.ndjson
[ "$(ls v | wc -l)" -eq 1000 ] || fail "sp-partition made $(ls v | wc -l) files with --max-values 1000"

# sp-dedup and sp-window --on-overflow emit-oldest stay within the bound and
# count what they let go.
stats() { grep '^{"records_in"' err.txt | jq ".$1"; }
# --max-memory 64KiB: a key costs (16 + 8 bytes) / (3/4 load) = 32 bytes in
# the table (sp-dedup(1)), so at most 2048 keys.
for bound in "--max-keys 1000:1000" "--max-memory 64KiB:2048"; do
  most=${bound#*:}
  bound=${bound%:*}
  # shellcheck disable=SC2086  # an option and its value
  sp-dedup --key id $bound --stats --input keys.ndjson > out.ndjson 2> err.txt || fail "sp-dedup $bound"
  keys=$(stats keys)
  [ "$keys" -le "$most" ] && [ "$keys" -gt 0 ] || fail "sp-dedup $bound holds $keys keys"
  [ "$(stats evicted)" -eq $((20000 - keys)) ] || fail "sp-dedup $bound: evicted $(stats evicted), held $keys"
  echo "ok    sp-dedup $bound holds $keys keys, evicted $(stats evicted)"
done
sp-window --tumbling 1d --time-field ts --time-format epoch_s --by id --max-groups 1000 --on-overflow emit-oldest \
  --stats --input keys.ndjson > out.ndjson 2> err.txt || fail "sp-window --on-overflow emit-oldest"
[ "$(stats evicted)" -gt 0 ] && [ "$(stats aggregated)" -eq 20000 ] || fail "sp-window emit-oldest: $(cat err.txt)"
echo "ok    sp-window --max-groups 1000 --on-overflow emit-oldest: evicted $(stats evicted)"
echo "all bounds hold"
