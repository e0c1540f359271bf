#!/usr/bin/env bash
# The cron recipe of sp(7): sp-hourly.sh run on a log, then again after the
# log grew (the cut falls inside an hour), then once more with nothing new,
# writes exactly what one run over the whole log writes; and its counts are
# those of an independent count with jq, for every hour that has closed.
# Across a rotation (--last on the old log, then runs on the new one) every
# request is counted exactly once.
#
#   cron_twice_test.sh TOOLS_DIR RECIPES_DIR
set -euo pipefail
tools=$(cd "$1" && pwd) recipes=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0

# About 5.5 hours of requests, one every 2 seconds.
bash "$here/nginx_ndjson.sh" 10000 11 2s > whole.ndjson
cut=4321  # a line in the middle of the third hour
head -n $cut whole.ndjson > log.ndjson

# Twice, with the log growing in between, then once more.
sh "$recipes/sp-hourly.sh" "$work/log.ndjson" "$work/twice"
cp twice/hourly.ndjson after-first-run.ndjson
tail -n +$((cut + 1)) whole.ndjson >> log.ndjson
sh "$recipes/sp-hourly.sh" "$work/log.ndjson" "$work/twice"
sh "$recipes/sp-hourly.sh" "$work/log.ndjson" "$work/twice"
# Once over the whole log.
sh "$recipes/sp-hourly.sh" "$work/whole.ndjson" "$work/once"

cmp -s twice/hourly.ndjson once/hourly.ndjson || {
  echo "FAIL: two runs over a growing log differ from one run over the whole log:"
  diff twice/hourly.ndjson once/hourly.ndjson | head -n 20
  fail=1
}
[[ -s after-first-run.ndjson ]] || { echo "FAIL: the first run closed no hour"; fail=1; }
cmp -s after-first-run.ndjson <(head -n "$(wc -l < after-first-run.ndjson)" twice/hourly.ndjson) \
  || { echo "FAIL: the second run rewrote what the first one had written"; fail=1; }

# Independent count: requests per hour and status, for the hours that have
# closed (the watermark, 1m behind the latest time, is past their end).
jq -rs '
  (map(.time | sub("\\.[0-9]+"; "") | fromdateiso8601) | max - 60) as $wm
  | map(. + {h: ((.time | sub("\\.[0-9]+"; "") | fromdateiso8601) / 3600 | floor)})
  | map(select((.h + 1) * 3600 <= $wm))
  | group_by([.h, .status])[]
  | "\(.[0].h * 3600 | todate) \(.[0].status) \(length)"' whole.ndjson | sort > want
jq -r '"\(.window_start | sub("\\.000Z$"; "Z")) \(.status) \(.count)"' once/hourly.ndjson | sort > got
if ! cmp -s want got; then
  echo "FAIL: counts differ from jq's (want < > got):"
  diff want got | head -n 20
  fail=1
fi
hours=$(cut -d' ' -f1 got | sort -u | wc -l)
[[ $hours -ge 4 ]] || { echo "FAIL: only $hours closed hours"; fail=1; }
[[ ! -s twice/rejected.ndjson ]] || { echo "FAIL: rejected records:"; head -n 3 twice/rejected.ndjson; fail=1; }
# Rotation: the first part of the log is rotated away after a run; --last
# writes its open hours and sets the state aside; the new log (the rest)
# starts afresh. Together the rows count every request once.
head -n $cut whole.ndjson > rot.ndjson
sh "$recipes/sp-hourly.sh" "$work/rot.ndjson" "$work/rot"
mv rot.ndjson rot.ndjson.1
tail -n +$((cut + 1)) whole.ndjson > rot.ndjson
if sh "$recipes/sp-hourly.sh" "$work/rot.ndjson" "$work/rot" 2>err; then
  echo "FAIL: a run on the rotated log did not refuse the old checkpoint"; fail=1
fi
sh "$recipes/sp-hourly.sh" --last "$work/rot.ndjson.1" "$work/rot"
sh "$recipes/sp-hourly.sh" --last "$work/rot.ndjson" "$work/rot"
total=$(cat rot/*/hourly.ndjson | jq -s 'map(.count) | add')
[[ $(ls -d rot/*/ | wc -l) -eq 2 && $total -eq $(wc -l < whole.ndjson) ]] \
  || { echo "FAIL: across a rotation: $total requests counted of $(wc -l < whole.ndjson)"; fail=1; }

[[ $fail -eq 0 ]] && echo "ok: 2 runs + 1 idle run over a growing log = 1 run over the whole log ($(wc -l < got) rows, $hours hours, counts equal jq's); rotation counts each request once"
exit $fail
