#!/usr/bin/env bash
# What happens when a checkpoint cannot be trusted or cannot be written:
#  - a corrupt checkpoint file, commit record or member snapshot is refused
#    with a clear message and status 2, and nothing is overwritten (the
#    checkpoint, the commit, the output and the snapshots keep their bytes);
#  - a full disk (simulated: RLIMIT_FSIZE makes writes past the limit fail
#    with EFBIG, as ENOSPC would) stops the tool with status 1, leaves the
#    last complete checkpoint in place, and a rerun with room finishes with
#    the same output as a run that never failed.
#
#   refusal_test.sh TOOLS_DIR
set -uo pipefail
tools=$(cd "$1" && pwd) || exit 2
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-refusal.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

fail() { echo "FAIL: $*" >&2; exit 1; }
# Flips one byte in the middle of a file, in place.
flip_byte() {
  local size; size=$(stat -c %s "$1")
  local at=$(( size / 2 ))
  local byte; byte=$(od -An -tu1 -j "$at" -N1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $(( byte ^ 0x20 )))" | dd of="$1" bs=1 seek="$at" conv=notrunc status=none
}
fingerprint() { find "$@" -type f ! -name '*.lock' -print0 | sort -z | xargs -0 sha256sum; }
expect_status() {  # expect_status WANT WHAT STATUS
  [[ $3 == "$1" ]] || { cat err >&2; fail "$2: status $3, expected $1"; }
}

sp-gen --count 20000 --keys 5000 --dup-rate 0.1 --seed 3 > in.ndjson

# --- One tool: a corrupt --checkpoint file ------------------------------------
sp-dedup --key user --input in.ndjson --output out --checkpoint ck 2> err || fail "first run failed"
flip_byte ck
before=$(fingerprint ck out)
sp-dedup --key user --input in.ndjson --output out --checkpoint ck 2> err
expect_status 2 "corrupt checkpoint" $?
grep -q "checkpoint ck is corrupt (checksum mismatch)" err || { cat err; fail "unclear message for a corrupt checkpoint"; }
[[ $(fingerprint ck out) == "$before" ]] || fail "a refused checkpoint run changed the checkpoint or the output"
echo "ok: corrupt checkpoint refused: $(head -1 err)"

# --- A pipeline: a corrupt commit record, then a corrupt member snapshot -------
pipeline() {
  sp-dedup --key id --input in.ndjson --checkpoint-dir ckd --pipeline --checkpoint-every 3000 2> err.dedup |
    sp-window --time-field ts --tumbling 1m --agg count --checkpoint-dir ckd --output pout 2> err
}
pipeline || fail "first pipeline run failed: $(cat err err.dedup)"
[[ -s pout ]] || fail "the pipeline wrote nothing"
cp ckd/COMMIT commit.good
flip_byte ckd/COMMIT
before=$(fingerprint ckd pout)
pipeline
expect_status 2 "corrupt commit record" $?
grep -q "commit record ckd/COMMIT is corrupt" err || { cat err; fail "unclear message for a corrupt commit record"; }
[[ $(fingerprint ckd pout) == "$before" ]] || fail "a refused commit record run changed the directory or the output"
echo "ok: corrupt commit record refused: $(head -1 err)"

cp commit.good ckd/COMMIT
epoch=$(sed -n 's/^epoch //p' ckd/COMMIT)
flip_byte "ckd/sp-dedup.$epoch.ckpt"
before=$(fingerprint ckd/COMMIT "ckd/sp-dedup.$epoch.ckpt" "ckd/sp-window.$epoch.ckpt" pout)
pipeline
status=$?
grep -q "checkpoint ckd/sp-dedup.$epoch.ckpt is corrupt" err.dedup || { cat err.dedup; fail "unclear message for a corrupt snapshot"; }
(( status != 0 )) || fail "the pipeline's last member succeeded without its upstream"
[[ $(fingerprint ckd/COMMIT "ckd/sp-dedup.$epoch.ckpt" "ckd/sp-window.$epoch.ckpt" pout) == "$before" ]] ||
  fail "a refused snapshot changed the commit, the snapshots of the committed epoch or the output"
echo "ok: corrupt member snapshot refused: $(head -1 err.dedup)"

# --- A full disk --------------------------------------------------------------
# Many keys, few duplicates: the state (and so the checkpoint) outgrows the
# output, and the limit is hit while writing a checkpoint.
sp-gen --count 200000 --keys 200000 --zipf 0 --dup-rate 0.001 --seed 4 > big.ndjson
dedup_big() { sp-dedup --key id --duplicates --input big.ndjson --checkpoint-every 20000 "$@"; }
dedup_big --output want --checkpoint want.ck 2> err || fail "reference run failed"
full=$(stat -c %s want.ck)
(( full > 200000 )) || fail "the state is too small ($full bytes) to test a full disk"
limit_kib=$(( full / 2 / 1024 ))
(( $(stat -c %s want) < limit_kib * 1024 )) || fail "the output is larger than the limit: the test would not hit a checkpoint"
( trap '' XFSZ; ulimit -f "$limit_kib"; dedup_big --output got --checkpoint got.ck ) 2> err.full
expect_status 1 "disk full" $?
grep -q "File too large" err.full || { cat err.full; fail "no clear message on a full disk"; }
sp-dedup --show-checkpoint got.ck > /dev/null 2>&1 || fail "the last checkpoint before the full disk is not valid"
compgen -G "got.ck.tmp.*" > /dev/null && fail "a temp file was left behind after the failed write"
dedup_big --output got --checkpoint got.ck 2> err || { cat err; fail "the rerun with room failed"; }
cmp -s want got || fail "output after a full disk and a rerun differs from the uninterrupted run"
echo "ok: full disk at $limit_kib KiB: status 1, '$(head -1 err.full)', previous checkpoint kept, rerun identical"
