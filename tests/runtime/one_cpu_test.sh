#!/usr/bin/env bash
# Read-ahead and CPUs: with several CPUs allowed, a tool reads its input on a
# second thread; pinned to one CPU (taskset, systemd's CPUAffinity=) it reads
# on its own thread, as the second one would only take turns with it. The
# output is the same either way.
#   one_cpu_test.sh TOOLS_DIR
source "$(dirname "$0")/../lib/tool_test.sh" "$1" one-cpu
command -v taskset > /dev/null || fail "taskset (util-linux) is not installed"

# The first CPU this process may run on, and how many it may run on.
first_cpu=$(awk '/^Cpus_allowed_list/ { split($2, a, /[-,]/); print a[1] }' /proc/self/status)
allowed=$(nproc)
pin=(taskset -c "$first_cpu")

sp-gen --count 30000 --seed 11 > in.ndjson
head -n 100 in.ndjson > first-lines.ndjson
printf '{"user":"u1","tier":"gold"}\n' > table.ndjson
tools=(
  # Each writes output for the first lines while its input stays open.
  "sp-window --time-field ts --tumbling 1m --by user --agg count,sum:amount --emit update"
  "sp-dedup --key user"
  "sp-parse"
  "sp-partition --key user -n 4 --annotate partition"
  "sp-join --table table.ndjson --on user --how left"
)

# threads_while_waiting CMD...: the number of threads CMD runs once it has
# read some lines from a FIFO, written what they gave (a tool flushes when
# its input has nothing more ready) and waits for more. Its output, not the
# bytes it read, tells it got there: a sanitizer runtime reads files of its
# own before main.
threads_while_waiting() {
  rm -f fifo waiting.out
  mkfifo fifo
  "$@" < fifo > waiting.out 2> err.txt &
  local pid=$!
  exec 3> fifo
  cat first-lines.ndjson >&3
  for _ in $(seq 1 200); do  # up to 20 s for the first output
    [ -s waiting.out ] && break
    sleep 0.1
  done
  [ -s waiting.out ] || fail "$* wrote nothing in 20 s after reading $(wc -l < first-lines.ndjson) lines"
  local threads
  threads=$(ls "/proc/$pid/task" | wc -l)
  exec 3>&-
  wait "$pid" || fail "$* failed: $(cat err.txt)"
  echo "$threads"
}

for tool in "${tools[@]}"; do
  read -ra cmd <<< "$tool"
  "${cmd[@]}" < in.ndjson > free.out 2> err.txt || fail "$tool failed: $(cat err.txt)"
  "${pin[@]}" "${cmd[@]}" < in.ndjson > pinned.out 2> err.txt || fail "$tool pinned failed: $(cat err.txt)"
  [ -s free.out ] || fail "$tool wrote nothing"
  cmp -s free.out pinned.out || fail "$tool: output pinned to one CPU differs from the free run"
  pinned_threads=$(threads_while_waiting "${pin[@]}" "${cmd[@]}")
  [ "$pinned_threads" -eq 1 ] || fail "$tool pinned to CPU $first_cpu runs $pinned_threads threads, expected 1"
  if [ "$allowed" -ge 2 ]; then
    free_threads=$(threads_while_waiting "${cmd[@]}")
    [ "$free_threads" -eq 2 ] || fail "$tool on $allowed CPUs runs $free_threads threads, expected 2 (read-ahead)"
  fi
  echo "ok    $tool: one thread on one CPU, the same output"
done
echo "all one-CPU cases passed"
