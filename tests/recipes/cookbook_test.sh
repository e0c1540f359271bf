#!/usr/bin/env bash
# The cookbook pipelines of sp(7), run as printed there (on generated data,
# with a stand-in for kcat): each gives the result the page promises.
#
#   cookbook_test.sh TOOLS_DIR
set -euo pipefail
tools=$(cd "$1" && pwd)
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() {  # check DESCRIPTION COMMAND...: fails the test when COMMAND fails
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

# --- A followed nginx log, per minute --------------------------------------
sp-gen --count 3000 --seed 4 --interval 200ms --disorder 1s --format nginx-combined > access.log
parse=(sp-parse --from nginx-combined --input access.log
       --time-field time_local --time-format '%d/%b/%Y:%H:%M:%S %z')
window=(sp-window --tumbling 1m --time-field time_local --max-delay 5s
        --idle-timeout 30s --by status --agg count,p99:body_bytes_sent)
"${parse[@]}" | "${window[@]}" > read-once.ndjson
# The recipe as printed follows the file for ever: stop it after a while.
( timeout -s TERM 4 "${parse[@]}" --follow || true ) | "${window[@]}" > followed.ndjson
check "followed log: same windows as reading the file once" cmp -s read-once.ndjson followed.ndjson
check "followed log: every request counted once" \
  test "$(jq -s 'map(.count) | add' followed.ndjson)" = 3000

# --- Deduplicating at-least-once input -------------------------------------
sp-gen --count 4000 --seed 9 --dup-rate 0.1 > all.ndjson
head -n 2500 all.ndjson > delivery-1.ndjson
tail -n +2001 all.ndjson > delivery-2.ndjson   # 500 records delivered twice
for i in 1 2; do
  sp-dedup --key id --within 1h --time-field ts --checkpoint seen.ckpt \
    < delivery-$i.ndjson > new-$i.ndjson
done
check "at-least-once: each id once across both runs" \
  test "$(cat new-1.ndjson new-2.ndjson | jq -r .id | sort | uniq -d | wc -l)" = 0
check "at-least-once: no id lost" \
  cmp -s <(jq -r .id all.ndjson | sort -u) <(cat new-1.ndjson new-2.ndjson | jq -r .id | sort)

# --- Over all cores ---------------------------------------------------------
sp-gen --count 20000 --seed 5 --keys 200 --disorder 1s > events.ndjson
sp-window --tumbling 1m --time-field ts --max-delay 1s --by user --agg count,p99:latency_ms \
  < events.ndjson | sort > one-process.ndjson
sp-partition --key user -n "$(nproc)" --exec -- \
    sp-window --tumbling 1m --time-field ts --max-delay 1s --by user \
      --agg count,p99:latency_ms \
  < events.ndjson | sort > per-user-minute.ndjson
check "all cores: the children's rows are one process's rows" \
  cmp -s one-process.ndjson per-user-minute.ndjson
sp-partition --key user -n 4 --input events.ndjson --exec -- \
  sh -c 'exec sp-dedup --key id --checkpoint "seen.$SP_PARTITION.ckpt"' | sort > dedup-4.ndjson
check "all cores: a checkpoint per child" test -f seen.0.ckpt -a -f seen.3.ckpt
check "all cores: 4 deduplicating children equal one" \
  cmp -s dedup-4.ndjson <(sp-dedup --key id < events.ndjson | sort)

# --- Golden-file tests of your own pipeline --------------------------------
mkdir golden && cd golden
cat > test-pipeline.sh <<'SCRIPT'
#!/bin/sh
# test-pipeline.sh: fails when the pipeline's output changes
set -eu
export SP_CLOCK=2026-01-01T00:00:00Z
sp-gen --count 5000 --seed 7 --dup-rate 0.05 --disorder 2s > input.ndjson
sp-dedup --key id < input.ndjson \
  | sp-window --tumbling 1m --time-field ts --max-delay 2s --by event \
      --agg count,sum:amount > got.ndjson
diff -u expected.ndjson got.ndjson
SCRIPT
: > expected.ndjson
check "golden file: fails against an empty expected file" \
  bash -c '! sh test-pipeline.sh > /dev/null'
cp got.ndjson expected.ndjson
check "golden file: passes against the reviewed output" sh test-pipeline.sh
check "golden file: the output is not trivial" test "$(wc -l < expected.ndjson)" -gt 20
cd ..

# --- Kafka with kcat (a stand-in kcat that records what it is given) -------
mkdir bin
cat > bin/kcat <<'KCAT'
#!/bin/sh
# Stand-in for kcat: -L -J prints metadata of a 6-partition topic; -P saves
# stdin to produced.PARTITION.
case " $* " in
  *" -L "*) echo '{"topics":[{"topic":"clicks","partitions":[{"partition":0},{"partition":1},{"partition":2},{"partition":3},{"partition":4},{"partition":5}]}]}' ;;
  *" -P "*) while [ $# -gt 0 ]; do [ "$1" = -p ] && p=$2; shift; done; cat > "produced.$p" ;;
esac
KCAT
chmod +x bin/kcat
cp events.ndjson clicks.ndjson
(
  PATH="$work/bin:$PATH"
  n=$(kcat -L -b localhost:9092 -t clicks -J | jq '.topics[0].partitions | length')
  sp-partition --key user -n "$n" --input clicks.ndjson --exec -- \
    sh -c 'exec kcat -P -b localhost:9092 -t clicks -p "$SP_PARTITION"'
)
check "kcat: one producer per partition of the topic" test "$(ls produced.* | wc -l)" = 6
sp-partition --key user -n 6 --annotate p < clicks.ndjson > annotated.ndjson
for p in 0 1 2 3 4 5; do
  check "kcat: partition $p got the records numbered $p" \
    cmp -s <(jq -r .id "produced.$p") <(jq -r "select(.p == $p) | .id" annotated.ndjson)
done

exit $fail
