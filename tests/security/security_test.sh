#!/usr/bin/env bash
# The promises of sp(7) SECURITY that a test can check from outside:
# --exec never goes through a shell, the --pseudonymize key appears in no
# output, dead letter, checkpoint or message, and checkpoints are 0600.
# (--by-value path confinement: tests/partition/hostile_values_test.sh and
# the fuzz target sp-partition_value_path.)
#   security_test.sh TOOLS_DIR
source "$(dirname "$0")/../lib/tool_test.sh" "$1" security

sp-gen --count 100 > in.ndjson

# A command with shell syntax is a program name, not a script: it fails to
# start, and nothing the shell would have done happens.
status=0
sp-partition --key user -n 2 --input in.ndjson --exec -- 'cat; touch pwned' > /dev/null 2> err.txt || status=$?
[ "$status" -eq 1 ] || fail "--exec with shell syntax: status $status, expected 1"
[ ! -e pwned ] || fail "--exec ran its command through a shell"
grep -q "cannot run" err.txt || fail "--exec: no 'cannot run' message: $(cat err.txt)"
echo "ok    --exec runs no shell"

# The key: given by environment and by file, with a checkpoint, dead
# letters, --stats and a bad record; it must not appear anywhere.
key="k3y-$(date +%s%N)-secret"
{ head -n 50 in.ndjson; echo 'not json'; tail -n 50 in.ndjson; } > mixed.ndjson
printf '%s\n' "$key" > key.txt
SP_PSEUDONYMIZE_KEY=$key sp-parse --pseudonymize user --input mixed.ndjson --output env.out \
  --dead-letter env.dead --checkpoint env.ck --stats 2> env.err
sp-parse --pseudonymize user --key-file key.txt --input mixed.ndjson --output file.out \
  --dead-letter file.dead --checkpoint file.ck --stats 2> file.err
cmp -s env.out file.out || fail "the same key from the environment and from a file pseudonymize differently"
! grep -q "\"user\":\"u" env.out || fail "--pseudonymize left a user in clear"
for f in env.out env.dead env.ck env.err file.out file.dead file.ck file.err; do
  if grep -aqF "$key" "$f"; then fail "the --pseudonymize key appears in $f"; fi
done
sp-parse --show-checkpoint env.ck | grep -aqF "$key" && fail "the key appears in --show-checkpoint"
echo "ok    the --pseudonymize key appears in no output, dead letter, checkpoint or message"

# Checkpoints are 0600 whatever the umask.
for tool in "sp-dedup --key id" "sp-window --count 10 --agg count" "sp-join --table in.ndjson --on id --table-dups first --prefix t_"; do
  rm -f ck
  (umask 000 && $tool --input in.ndjson --checkpoint ck > /dev/null)
  [ "$(stat -c %a ck)" = 600 ] || fail "$tool: checkpoint mode $(stat -c %a ck)"
done
echo "ok    checkpoints are 0600 under umask 000"
