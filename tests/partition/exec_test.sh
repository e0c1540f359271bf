#!/usr/bin/env bash
# --exec: 4 children running sp-dedup give the same set of records as one
# sp-dedup over the whole input (every key lives in one partition); merged
# lines are whole; SP_PARTITION/SP_PARTITIONS reach the children; a failing
# child makes sp-partition fail and names it.
# Usage: exec_test.sh TOOLS_DIR
set -euo pipefail
tools=$1
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
sp-gen --count 50000 --keys 3000 --dup-rate 0.3 --seed 5 > in.ndjson
sp-dedup --key id < in.ndjson | sort > want
sp-partition --key id -n 4 --exec -- sp-dedup --key id < in.ndjson > got.unsorted
sort got.unsorted > got
cmp -s want got || { echo "FAIL: 4 x sp-dedup differs from one sp-dedup ($(wc -l < want) vs $(wc -l < got))"; fail=1; }
jq -c . got.unsorted > /dev/null || { echo "FAIL: a merged line is not whole JSON"; fail=1; }
# big records (128 KiB each) are not torn when children write concurrently
python3 -c '
import json
for i in range(200): print(json.dumps({"id": i, "pad": "x" * (131072 + i)}))' > big.ndjson
sp-partition --key id -n 4 --exec -- cat < big.ndjson | sort | cmp -s - <(sort big.ndjson) \
  || { echo "FAIL: big lines torn or lost"; fail=1; }
# back-pressure: a child that sleeps before reading does not make
# sp-partition buffer its input: peak RSS on 8x the input grows by far less
# than the input (compared with a 1x run, so a sanitizer build's larger
# baseline does not matter)
for i in 1 2 3 4 5 6 7 8; do cat in.ndjson; done > big-in.ndjson
peak_kb() {
  { /usr/bin/time -f '%M' sp-partition --input "$1" --key id -n 2 \
      --exec -- sh -c 'sleep 2; exec cat' > /dev/null; } 2>&1 | tail -n1
}
kb_small=$(peak_kb in.ndjson)
kb=$(peak_kb big-in.ndjson)
mb=$(( $(wc -c < big-in.ndjson) / 1048576 ))
[ $((kb - kb_small)) -lt 16000 ] \
  || { echo "FAIL: peak RSS ${kb} KiB (${kb_small} KiB on 1/8 of it) for ${mb} MB through slow children"; fail=1; }
echo "slow children: ${mb} MB in, peak RSS $((kb / 1024)) MiB ($((kb_small / 1024)) MiB on 1/8 of it)"
# environment
got_env=$(sp-partition --round-robin -n 3 --exec -- sh -c 'cat > /dev/null; echo "{\"p\":$SP_PARTITION,\"n\":$SP_PARTITIONS}"' < in.ndjson | sort)
[ "$got_env" = $'{"p":0,"n":3}\n{"p":1,"n":3}\n{"p":2,"n":3}' ] || { echo "FAIL: env: $got_env"; fail=1; }
# a failing child
set +e
sp-partition --key id -n 4 --exec -- sh -c '[ "$SP_PARTITION" = 2 ] && exit 3; cat' < in.ndjson > /dev/null 2> err
rc=$?
set -e
[ "$rc" = 1 ] || { echo "FAIL: exit status $rc after a child failed"; fail=1; }
grep -q 'sh for partition 2 exited with status 3' err || { echo "FAIL: message: $(cat err)"; fail=1; }
# a child killed by a signal
set +e
sp-partition --key id -n 2 --exec -- sh -c 'kill -9 $$' < in.ndjson > /dev/null 2> err
rc=$?
set -e
[ "$rc" = 1 ] && grep -q 'killed by signal 9' err || { echo "FAIL: killed child: rc $rc $(cat err)"; fail=1; }
# a command that does not exist
set +e
sp-partition --key id -n 2 --exec -- no-such-command-sp < in.ndjson > /dev/null 2> err
rc=$?
set -e
[ "$rc" != 0 ] && grep -q 'no-such-command-sp' err || { echo "FAIL: missing command: rc $rc $(cat err)"; fail=1; }
[ "$fail" = 0 ] && echo "ok: --exec equals one pipeline as a set, whole lines, env, failures reported"
exit $fail
