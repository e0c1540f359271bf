#!/bin/sh
# Replays a fuzz target's seeds and regression inputs through its replay
# binary (built without libFuzzer):  replay.sh REPLAY_BIN REPO_ROOT TARGET
set -eu
bin=$1
root=$2
target=$3
# shellcheck disable=SC2046  # one seed directory per word
exec "$bin" $(sh "$root/tests/fuzz/seeds.sh" "$root" "$target")
