// --exec: one child process per partition, each fed its partition through a
// pipe, their standard outputs merged into ours a whole line at a time.
//
// Writes to the children are non-blocking and buffered up to a bound per
// child; when a child's buffer is full we wait (poll) until it takes more.
// Every child's output is read whenever we write to or wait for any child,
// so none sits blocked on a full stdout pipe. A slow child therefore slows
// the input; memory stays bounded.
#pragma once
#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sp {

class ChildPipes {
 public:
  // Called with complete lines a child printed, and the child's partition:
  // `lines` holds `count` lines, each ending in '\n' (all the whole lines
  // that arrived together, so they can be passed on in one write).
  using LineSink = std::function<void(uint32_t partition, std::string_view lines, size_t count)>;

  // Starts `partitions` children running argv (searched in PATH, no shell),
  // each with SP_PARTITION=i and SP_PARTITIONS=N added to its environment.
  ChildPipes(const std::vector<std::string>& argv, uint32_t partitions);
  ~ChildPipes();  // kills and reaps children still running (error paths)
  ChildPipes(const ChildPipes&) = delete;
  ChildPipes& operator=(const ChildPipes&) = delete;

  // Queues one record (plus newline) for child `partition`; waits while its
  // buffer is over the bound.
  void write_line(uint32_t partition, std::string_view record, const LineSink& sink);
  // Queues one line for every child (pipeline control lines).
  void write_line_to_all(std::string_view line, const LineSink& sink);
  // Moves what can move without waiting (input quiet).
  void pump_now(const LineSink& sink);
  // End of input: sends everything, closes the children's stdin, merges
  // their output until they exit, and throws IoError naming the first child
  // that failed (exit status or signal).
  void finish(const LineSink& sink);

 private:
  static constexpr size_t kFlushAt = 64 << 10;  // try a write once this much more is queued
  struct Child {
    pid_t pid = -1;
    int in = -1;   // our end of its stdin
    int out = -1;  // our end of its stdout
    std::string pending;  // bytes not yet written to its stdin
    size_t pending_pos = 0;
    size_t write_at = kFlushAt;  // unsent bytes at which to try the next write
    std::string partial;  // its output since its last newline
    bool input_broken = false;  // it closed its stdin early (EPIPE)
  };
  void poll_once(int timeout_ms, const LineSink& sink, bool want_writes);
  void write_some(Child& c);
  void read_some(Child& c, const LineSink& sink);
  void close_input(Child& c);

  std::string name_;
  std::vector<Child> children_;
  std::vector<char> read_buf_;
};

}  // namespace sp
