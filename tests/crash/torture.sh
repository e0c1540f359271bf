#!/usr/bin/env bash
# Crash torture: runs a checkpointed job (one tool file to file, or a whole
# pipeline with --checkpoint-dir) on sp-gen data, kills it with SIGKILL at
# random instants (the whole pipeline, or one random member of it), restarts
# it until a run completes, and compares the final output byte for byte with
# a run that was never interrupted. Repeats with a fresh output until at
# least KILLS kills have landed.
#
#   torture.sh TOOLS_DIR SHAPE [KILLS]
#
# SHAPE: dedup, window, partition-files, join-table, join-interval,
#        parse-multiline (one tool, --checkpoint FILE), or
#        pipe-dedup-window, pipe-parse-dedup-window, pipe-partition-exec,
#        pipe-parse-partition-files, pipe-two-sources-join (pipelines,
#        --checkpoint-dir DIR).
# KILLS defaults to 20 (SP_TORTURE_KILLS overrides it: 500 for the long mode).
# SP_TORTURE_SEED=N replays the kill timings and victims of a failed run.
set -uo pipefail
tools=$(cd "$1" && pwd) || exit 2
shape=$2
kills_wanted=${SP_TORTURE_KILLS:-${3:-20}}
seed=${SP_TORTURE_SEED:-$(( $(date +%s%N) % 32768 ))}
RANDOM=$seed
echo "shape $shape, seed $seed (SP_TORTURE_SEED=$seed replays it), at least $kills_wanted kills"

export PATH="$tools:$PATH" LC_ALL=C
# Kills are process crashes, not power cuts, so fsync buys nothing here: a
# RAM-backed directory keeps the many checkpoint fsyncs from dominating.
tmp_root=${TMPDIR:-/tmp}
[[ -d /dev/shm && -w /dev/shm ]] && tmp_root=/dev/shm
work=$(mktemp -d "$tmp_root/sp-torture.XXXXXX") || exit 2
trap 'kill -9 -- -$job 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 2
set -m  # each started job is a process group of its own: one kill reaches every member

fail() { echo "FAIL ($shape, seed $seed): $*" >&2; exit 1; }

# --- Shapes ------------------------------------------------------------------
# Each shape defines `job DIR CK`: one run writing its results under DIR with
# checkpoint state in CK (a file or a directory), exit status 0 only when it
# finished; `results DIR`: the files to compare, one per line; and `ordered`
# (0 when the output order legitimately varies: --exec merges children).
every=1500
ordered=1
case $shape in
  pipe-partition-exec)  # every barrier snapshots three children: a shorter input
    sp-gen --count 80000 --keys 20000 --dup-rate 0.2 --disorder 5s --seed 11 > in.ndjson ;;
  join-interval)
    # Two streams over the same event time; the right one has fewer records.
    sp-gen --count 120000 --keys 400 --zipf 0 --disorder 3s --seed 14 > in.ndjson
    sp-gen --count 80000 --keys 400 --zipf 0 --disorder 3s --interval 150ms --seed 15 > right.ndjson ;;
  pipe-two-sources-join)
    # The right stream is dense in event time, then sparse: its barriers
    # come first at the start, last later on, so both ways of aligning are
    # taken. It covers less event time than the left, so it ends first and
    # the join commits epochs after its end.
    sp-gen --count 60000 --keys 300 --zipf 0 --disorder 3s --seed 16 > in.ndjson
    { sp-gen --count 12000 --keys 300 --zipf 0 --disorder 3s --interval 50ms --seed 17
      sp-gen --count 12000 --keys 300 --zipf 0 --disorder 3s --interval 300ms --seed 18 \
        --start 2026-01-01T00:10:00Z; } > right.ndjson ;;
  dedup|pipe-*|partition-files|join-table)
    sp-gen --count 150000 --keys 20000 --dup-rate 0.2 --disorder 5s --seed 11 > in.ndjson ;;
  window)
    sp-gen --count 150000 --keys 500 --disorder 20s --late-rate 0.01 --interval 50ms --seed 12 > in.ndjson ;;
  parse-multiline)
    # Some records continue on the next line, so the reader holds a record
    # across every checkpoint.
    sp-gen --count 120000 --keys 2000 --format logfmt --seed 13 | awk '{ print } NR % 7 == 0 { print "  at " NR }' \
      > in.logfmt ;;
  *) echo "unknown shape $shape" >&2; exit 2 ;;
esac
case $shape in pipe-parse-*) sp-gen --count 150000 --keys 20000 --dup-rate 0.2 --disorder 5s --seed 11 --format logfmt > in.logfmt ;; esac
case $shape in join-table) sp-gen --count 3000 --keys 3000 --seed 5 | sp-dedup --key user > users.ndjson ;; esac

time_opts=(--time-field ts --max-delay 10s)
case $shape in
  dedup)
    job() { sp-dedup --key user --keep last --count-field n --max-keys 5000 --input in.ndjson --output "$1/out" \
              --checkpoint "$2" --checkpoint-every $every; }
    results() { echo out; } ;;
  window)
    job() { sp-window "${time_opts[@]}" --tumbling 1m --by country --agg count,p99:latency_ms,distinct:user \
              --late "$1/late" --input in.ndjson --output "$1/out" --checkpoint "$2" --checkpoint-every $every; }
    results() { echo out; echo late; } ;;
  partition-files)
    job() { sp-partition --key user -n 4 --output-template "$1/part-{partition}.ndjson" --input in.ndjson \
              --checkpoint "$2" --checkpoint-every $every &&
            sp-partition --by-value country --output-template "$1/country-{value}.ndjson.zst" --input in.ndjson \
              --checkpoint "$2.value" --checkpoint-every $every; }
    results() { (cd "$1" && ls); } ;;
  join-table)
    job() { sp-join --table users.ndjson --on user --fields country --prefix u_ --how left --input in.ndjson \
              --output "$1/out" --checkpoint "$2" --checkpoint-every $every; }
    results() { echo out; } ;;
  join-interval)
    job() { sp-join --input in.ndjson --right right.ndjson --on user --time-field ts --max-delay 3s --within 5s \
              --how outer --output "$1/out" --checkpoint "$2" --checkpoint-every $every; }
    results() { echo out; } ;;
  pipe-two-sources-join)
    # Each source starts its own epochs; the right one writes into a FIFO.
    # Their --checkpoint-every cover about the same event time.
    job() {
      rm -f "$2.fifo" && mkfifo "$2.fifo" || return 1
      sp-parse --from json --input right.ndjson --name right --checkpoint-dir "$2" --pipeline \
        --checkpoint-every 1000 --time-field ts --max-delay 3s > "$2.fifo" &
      local right=$! status
      sp-parse --from json --input in.ndjson --name left --checkpoint-dir "$2" --pipeline \
          --checkpoint-every $every --time-field ts --max-delay 3s |
        sp-join --right "$2.fifo" --on user --time-field ts --max-delay 3s --within 5s --how outer \
          --checkpoint-dir "$2" --output "$1/out"
      status=$?
      wait "$right" || status=1
      return $status
    }
    results() { echo out; } ;;
  parse-multiline)
    # A multi-line reader holds the record it is building in the checkpoint.
    job() { sp-parse --from regex --regex '^ts=(?P<ts>\S+) (?P<rest>.*)' --multiline-start '^ts=' \
              --input in.logfmt --output "$1/out" --checkpoint "$2" --checkpoint-every $every; }
    results() { echo out; } ;;
  pipe-dedup-window)
    job() { sp-dedup --key id --input in.ndjson --checkpoint-dir "$2" --pipeline --checkpoint-every $every \
              "${time_opts[@]}" |
            sp-window --tumbling 1m --by country --agg count,avg:latency_ms "${time_opts[@]}" \
              --checkpoint-dir "$2" --output "$1/out"; }
    results() { echo out; } ;;
  pipe-parse-dedup-window)
    job() { sp-parse --from logfmt --input in.logfmt --checkpoint-dir "$2" --pipeline --checkpoint-every $every \
              "${time_opts[@]}" |
            sp-dedup --key id --within 1m "${time_opts[@]}" --checkpoint-dir "$2" --pipeline |
            sp-window --session 30s --by user --agg count,last:event "${time_opts[@]}" \
              --checkpoint-dir "$2" --output "$1/out"; }
    results() { echo out; } ;;
  pipe-partition-exec)
    ordered=0
    job() { sp-partition --key user -n 3 --input in.ndjson --checkpoint-dir "$2" --checkpoint-every $every \
              --output "$1/out" --exec -- sp-dedup --key id --keep last --max-keys 3000 --checkpoint-dir "$2" --pipeline; }
    results() { echo out; } ;;
  pipe-parse-partition-files)
    job() { sp-parse --from logfmt --input in.logfmt --checkpoint-dir "$2" --pipeline --checkpoint-every $every |
            sp-partition --key user -n 4 --output-template "$1/part-{partition}.ndjson" --checkpoint-dir "$2"; }
    results() { (cd "$1" && ls); } ;;
esac

# --- Running and killing -------------------------------------------------------
# run_job DIR CK: starts the job as its own process group and sets $job; the
# job's exit status lands in $work/status when it ends by itself.
run_job() {
  rm -f "$work/status"
  ( job "$1" "$2"; echo $? > "$work/status" ) > /dev/null 2>> "$work/stderr" &
  job=$!
}
finished() { [[ -s $work/status ]]; }

# kill_member: SIGKILL to the whole pipeline, or to one random member of it
# (any process of the group but the subshell running it).
victim_desc=
kill_member() {
  local members=() pid
  if (( RANDOM % 2 == 0 )); then
    for pid in $(pgrep -g "$job"); do [[ $pid != "$job" ]] && members+=("$pid"); done
  fi
  killed_at=$attempts
  if (( ${#members[@]} > 0 )); then
    pid=${members[RANDOM % ${#members[@]}]}
    victim_desc="member $(ps -o comm= -p "$pid" 2>/dev/null)"
    kill -9 "$pid" 2>/dev/null
    # The rest of the pipeline ends on its own (end of input, broken pipe).
    sleep 0.05
  else
    victim_desc="whole pipeline"
  fi
  kill -9 -- -"$job" 2>/dev/null
}

# Ceiling of the random delay before a kill (ms): about the length of a whole
# run, measured on the reference run, so kills land everywhere in it.
mkdir ref
start=$(date +%s%N)
( job ref ref.ck ) > /dev/null 2> ref.stderr || { cat ref.stderr; fail "the uninterrupted run failed"; }
span=$(( ($(date +%s%N) - start) / 1000000 ))
(( span < 50 )) && span=50
for f in $(results ref); do [[ -s ref/$f ]] || fail "the uninterrupted run left $f empty: the comparison would prove nothing"; done
echo "uninterrupted run: ${span} ms; $(results ref | wc -l) result files, $(cat ref/* | wc -c) bytes"

total_kills=0 cycles=0 mid_checkpoint=0 member_kills=0
while (( total_kills < kills_wanted )); do
  cycles=$(( cycles + 1 ))
  rm -rf run run.ck run.ck.value run.ck.fifo; mkdir run
  old_temps=
  attempts=0
  while :; do
    attempts=$(( attempts + 1 ))
    (( attempts > 300 )) && fail "cycle $cycles: no complete run after 300 attempts"
    started=$(date +%s%N)
    run_job run run.ck
    # Within the first 3/4 of a whole run, so most attempts are killed.
    delay=$(( (RANDOM * 32768 + RANDOM) % (span * 3 / 4) ))
    sleep "$(printf '%d.%03d' $(( delay / 1000 )) $(( delay % 1000 )))"
    if ! finished; then kill_member; fi
    wait "$job" 2>/dev/null
    if finished; then
      status=$(<"$work/status")
      if (( status == 0 )); then
        # A fresh run faster than the reference (a quieter machine): aim the
        # next kills within its length.
        took=$(( ($(date +%s%N) - started) / 1000000 ))
        (( attempts == 1 && took >= 50 && took < span )) && span=$took
        break
      fi
      # A member killed alone makes the others fail (end marker missing):
      # expected. Anything else is a failure of its own.
      if [[ $victim_desc != member* || $killed_at != "$attempts" ]]; then
        cat "$work/stderr" >&2
        fail "cycle $cycles attempt $attempts: the job failed on its own (status $status)"
      fi
    fi
    total_kills=$(( total_kills + 1 ))
    [[ $victim_desc == member* ]] && member_kills=$(( member_kills + 1 ))
    # A kill that left a new temp file behind interrupted a checkpoint write
    # (temp names carry the writer's pid).
    temps=$(ls -d run.ck*.tmp.* run.ck/*.tmp.* 2>/dev/null | sort)
    [[ -n $(comm -13 <(echo "$old_temps") <(echo "$temps")) ]] && mid_checkpoint=$(( mid_checkpoint + 1 ))
    old_temps=$temps
    : > "$work/stderr"
  done
  # Compare every result file.
  for f in $(results ref); do
    [[ -f run/$f ]] || fail "cycle $cycles: run/$f is missing"
    if (( ordered )); then
      cmp -s "ref/$f" "run/$f" || { cmp "ref/$f" "run/$f"; fail "cycle $cycles: $f differs after $attempts attempts"; }
    else
      sort "ref/$f" > ref.sorted; sort "run/$f" > run.sorted
      cmp -s ref.sorted run.sorted || { diff ref.sorted run.sorted | head; fail "cycle $cycles: $f differs (sorted)"; }
    fi
  done
  [[ $(results run | wc -l) -eq $(results ref | wc -l) ]] || fail "cycle $cycles: a different set of result files"
done
echo "ok: $total_kills kills in $cycles cycles ($member_kills of one member, $mid_checkpoint during a checkpoint" \
     "write); every result identical to the uninterrupted run$( (( ordered )) || echo ' (as sorted lines)')"
