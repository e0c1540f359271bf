#!/usr/bin/env bash
# sp-partition with file outputs and --checkpoint-every: kill -9 at random
# instants, resume until a run completes; every partition file must equal
# the one from a run that never crashed (exactly-once). .zst files are
# compared decompressed (frames end at checkpoints, which differ by run).
# Usage: kill_resume_test.sh TOOLS_DIR TEMPLATE [OPTIONS...]
set -euo pipefail
tools=$1 template=$2; shift 2
opts=("$@")
export PATH="$tools:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

sp-gen --count 200000 --keys 20000 --seed 9 > in.ndjson
mkdir want got
(cd want && sp-partition "${opts[@]}" --input ../in.ndjson --output-template "$template")

RANDOM=23
kills=0
cd got
for attempt in $(seq 1 40); do
  sp-partition "${opts[@]}" --input ../in.ndjson --output-template "$template" --checkpoint ../ck --checkpoint-every 3000 &
  pid=$!
  sleep "0.$(printf '%02d' $(( RANDOM % 50 + 2 )))"
  if kill -9 "$pid" 2> /dev/null; then
    wait "$pid" 2> /dev/null || true
    kills=$((kills + 1))
  else
    wait "$pid"
    break
  fi
done
sp-partition "${opts[@]}" --input ../in.ndjson --output-template "$template" --checkpoint ../ck
cd ..
show() { (cd "$1" && find . -type f | sort | while read -r f; do
  case $f in *.zst) echo "$f $(zstd -dc "$f" | md5sum)";; *) echo "$f $(md5sum < "$f")";; esac; done); }
if diff <(show want) <(show got); then
  echo "ok: identical files after $kills kill -9 ($(find want -type f | wc -l) files)"
else
  echo "FAIL: files differ after $kills kill -9"
  exit 1
fi
