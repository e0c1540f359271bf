// The output side of every tool: stdout or a file, written in large buffered
// writes. Flushing is the driver's call (when the input has nothing ready),
// plus whenever the buffer is full and, with line_buffered, after each line.
// With a WriteBehind, full buffers are written by its thread instead, while
// the caller goes on filling another one.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "libcommon/write_behind.h"

namespace sp {

// Makes a closed downstream pipe show up as EPIPE (-> BrokenPipe) instead of
// killing the process, so the tool can stop quietly with status 0.
void ignore_sigpipe();

struct OutputOptions {
  std::string path;            // "" or "-" = stdout
  std::string option;          // the option that named path ("--output", "--late"), for error messages
  int fd = -1;                 // write this already open descriptor instead (not closed); path names it
  bool line_buffered = false;
  bool append = false;
  size_t buffer_size = 1 << 20;
  uint64_t truncate_to = UINT64_MAX;  // resume: cut the file to this length, then append
  // Full buffers go to this thread (which must outlive the sink) instead of
  // being written by the caller. flush(), sync() and the destructor wait for
  // them; a failed write is thrown by the next call, as it would have been.
  WriteBehind* write_behind = nullptr;
};

class OutputSink {
 public:
  explicit OutputSink(OutputOptions options);  // opens/creates (mode 0644) the file; throws IoError
  ~OutputSink();  // flushes what it can; errors there are dropped, so call flush() first
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;

  void write(std::string_view bytes);
  void write_line(std::string_view record);  // record + '\n'
  // Writes `line` and the '\n' that follows it in the caller's buffer
  // (line.data()[line.size()] must be '\n'). A line that continues the
  // previous one there is not copied: a run of input lines passed through
  // goes out in one piece. The caller's bytes must stay as they are until
  // release_lines() or any other call that writes.
  void write_input_line(std::string_view line);
  // Writes out (or buffers) the run of lines write_input_line() holds.
  void release_lines();

  // Writes everything buffered. Throws BrokenPipe on EPIPE, IoError
  // ("<option> <name>: cannot write: <reason>; <hint>") on any other failure.
  void flush();
  void sync();  // flush + fsync (for checkpoints; a no-op on pipes and terminals)

  // Logical length of the output: bytes written so far, including buffered
  // ones, counted from the start of the file when appending or resuming.
  uint64_t bytes_written() const { return bytes_written_; }
  size_t buffered() const { return used_; }
  bool is_file() const { return is_file_; }
  const std::string& name() const { return name_; }

 private:
  void write_all(const char* data, size_t len);
  // Hands the buffered bytes on (to the write-behind thread, or writes them)
  // without waiting for them to reach the file.
  void spill();
  // A write of the write-behind thread failed: throw what write_all would have.
  void check_behind() const {
    if (behind_ != nullptr && slot_.error.load(std::memory_order_acquire) != 0) fail_write(slot_.error.load());
  }
  [[noreturn]] void fail_write(int error) const;
  // Writes out what is buffered, waiting for the write-behind thread.
  void write_buffer();

  // The run of the caller's lines held by write_input_line().
  const char* run_begin_ = nullptr;
  const char* run_end_ = nullptr;
  // How errors name the output: "--output out.ndjson", or "stdout".
  std::string subject() const;

  OutputOptions opts_;
  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  bool is_file_ = false;
  std::unique_ptr<char[]> buf_;
  size_t capacity_;
  size_t used_ = 0;
  uint64_t bytes_written_ = 0;
  WriteBehind* behind_ = nullptr;
  WriteBehind::Slot slot_;
};

}  // namespace sp
