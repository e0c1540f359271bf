#!/bin/bash
# kill -9 during checkpoint writes: after every kill, the checkpoint on disk
# must be a complete, valid one (the previous or the new epoch, never a mix),
# epochs never go back, and killed writers' temp files do not pile up.
#
#   checkpoint_kill_test.sh WRITER [KILLS]     (SP_CRASH_SEED=N to replay)
set -u
writer=$1
kills=${2:-30}
state_mib=8   # large enough that a write takes a while, small enough for 30 kills in ~10 s
seed=${SP_CRASH_SEED:-$(( $(date +%s%N) % 32768 ))}
RANDOM=$seed
echo "seed $seed (SP_CRASH_SEED=$seed replays the kill timings)"

dir=$(mktemp -d "${TMPDIR:-/tmp}/sp-checkpoint-kill.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
ckpt=$dir/ckpt

fail() { echo "FAIL: $*" >&2; exit 1; }
temp_count() { find "$dir" -name 'ckpt.tmp.*' | wc -l; }

# First let one writer finish a checkpoint, so that there is an old one to keep.
"$writer" write "$ckpt" "$state_mib" &
pid=$!
for _ in $(seq 200); do
  [[ -f $ckpt ]] && break
  sleep 0.05
done
kill -9 $pid; wait $pid 2>/dev/null
[[ -f $ckpt ]] || fail "the first writer produced no checkpoint in 10 s"

last_epoch=$("$writer" --verify "$ckpt") || fail "the first checkpoint does not verify"
# About one kill in six lands mid-write on an idle machine, fewer on a busy
# one (a sanitizer build under ctest -j): past KILLS, go on killing, up to
# five times as many, until one has.
mid_write=0
i=0
while (( i < kills || (mid_write == 0 && i < 5 * kills) )); do
  i=$(( i + 1 ))
  "$writer" write "$ckpt" "$state_mib" &
  pid=$!
  sleep "$(printf '0.%03d' $(( RANDOM % 500 )))"
  kill -9 $pid; wait $pid 2>/dev/null

  epoch=$("$writer" --verify "$ckpt") || fail "kill $i: the checkpoint is not valid after kill -9"
  (( epoch >= last_epoch )) || fail "kill $i: epoch went back from $last_epoch to $epoch"
  [[ $(stat -c %a "$ckpt") == 600 ]] || fail "kill $i: checkpoint mode is $(stat -c %a "$ckpt"), not 600"
  temps=$(temp_count)
  (( temps <= 1 )) || fail "kill $i: $temps temp files left: stale temps are not cleaned up"
  (( temps == 1 )) && mid_write=$(( mid_write + 1 ))
  last_epoch=$epoch
done

echo "$i kills, $mid_write of them mid-write; last epoch $last_epoch; the checkpoint stayed valid"
(( mid_write > 0 )) || fail "no kill landed during a write, so nothing was tested"
