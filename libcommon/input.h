// The input side of every tool: stdin or a file (optionally followed like
// tail -F), transparently zstd-decompressed, split into lines in large
// padded buffers. See line_splitter.h for the line rules.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <sys/types.h>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/line_splitter.h"
#include "libcommon/read_ahead.h"

namespace sp {

class MappedFile;
class ZstdDecoder;

// Prints "<program>: <message>" on stderr (the default warning sink).
void print_warning(std::string_view message);

struct InputOptions {
  std::string path;                // "" or "-" = stdin
  std::string option;              // the option that named path ("--input", "--table"), for error messages
  int fd = -1;                     // read this already open descriptor instead (not closed); path names it
  bool follow = false;             // tail -F semantics (only for a named file)
  uint64_t max_record_size = 64ull << 20;
  size_t read_size = 1 << 20;      // bytes per read(); tools keep >= 1 MiB, tests go smaller
  int follow_poll_ms = 100;        // how often to check a followed file
  uint64_t start_offset = 0;       // resume: seek here (plain files); for zstd/pipes, skip this many bytes by reading
  uint64_t start_line = 0;         // line number of the last line before start_offset
  // What is checked of each line, and flagged (LineCheck).
  LineCheck check = LineCheck::NulAndUtf8;
  // Control lines (control_line.h) pass LineCheck::JsonObject unflagged:
  // for pipeline members that read them from upstream.
  bool control_lines = false;
  // A regular file (not followed) is read through a memory map
  // (mapped_file.h); false reads it with read() like a pipe.
  bool map_file = true;
  // Read, split and check the next lines on a second thread while the
  // caller works (read_ahead.h). Not with follow: that input stays on the
  // caller's thread, as do its warnings.
  bool read_ahead = false;
  // Rotation, truncation and disappearance of a followed file are reported
  // here as "<path>: <what happened>".
  std::function<void(std::string_view)> on_warning = print_warning;
};

enum class ReadStatus { Lines, Idle, End };

class InputReader {
 public:
  explicit InputReader(InputOptions options);  // throws IoError naming the path, UsageError for --follow on stdin
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  // Appends the complete lines buffered (reading more if there are none).
  // Waits at most timeout_ms (< 0: no limit) for data; returns Idle if none
  // came, End at the end of input (in follow mode only after request_stop()).
  // The texts stay valid until the next call and are each followed by at
  // least SIMDJSON_PADDING readable bytes. The lines of one call lie in
  // order in one buffer, separated only by their line ends and the empty
  // lines between them (batch validation relies on it).
  ReadStatus next_batch(std::vector<InputLine>& out, int timeout_ms);

  // More input can be had right now without waiting (decides output flushes).
  // With read-ahead on a pipe it can say false for the moment between the
  // reading thread's read and its batch being queued: the caller then
  // flushes once more than it needed to, nothing worse.
  bool data_ready();

  // Makes the next next_batch() return End; an unfinished last line is left
  // unread (offset() stays before it). Safe to call from a signal handler.
  void request_stop() { stop_.store(true, std::memory_order_relaxed); }

  // With read-ahead, these tell where the lines returned so far end, not how
  // far the reading thread has got.
  uint64_t offset() const { return ahead_ ? taken_.offset : splitter_.offset(); }  // resume point: just past the last finished line
  uint64_t line() const { return ahead_ ? taken_.line : splitter_.line(); }
  uint64_t empty_lines() const { return ahead_ ? taken_.empty_lines : splitter_.empty_lines(); }
  uint64_t bytes_read() const { return ahead_ ? taken_.bytes_read : bytes_read_; }  // raw bytes (compressed ones for zstd)
  const std::string& name() const { return name_; }
  bool is_zstd() const { return ahead_ ? taken_.zstd : zstd_; }

  // For --progress and --status: how far into the open file the tool is
  // (offset(), or the compressed bytes read for zstd) and the file's size
  // now (0 when the input is not a regular file). Costs an fstat.
  uint64_t file_position() const {
    if (ahead_) return taken_.zstd ? taken_.raw_pos : taken_.offset;
    return zstd_ ? raw_pos_ : offset();
  }
  uint64_t file_size() const;

  // Identity of the open file, for checkpoints: device, inode, current size
  // and xxh3 of its first up to 4 KiB. All zero for pipes and terminals.
  struct Identity {
    uint64_t dev = 0, ino = 0, size = 0, head_hash = 0;
    uint32_t head_len = 0;
  };
  Identity identity() const;

 private:
  enum class Detect { Wait, Eof, Decided };
  ReadStatus read_batch(std::vector<InputLine>& out, int timeout_ms);
  bool fill_ahead(ReadAheadBatch& batch, bool wait);
  ReadStatus take_ahead(std::vector<InputLine>& out, int timeout_ms);
  bool fd_readable() const;  // a pipe or terminal has bytes now
  ssize_t raw_read(char* dst, size_t capacity);
  void try_map();
  ssize_t advance_mapped();
  ssize_t read_into_splitter();
  Detect detect_format();
  ssize_t pull(char* dst, size_t capacity);
  ssize_t pull_after_skip(char* dst, size_t capacity);
  bool on_followed_eof(std::vector<InputLine>& out);
  void restart_stream(std::vector<InputLine>& out);
  void open_path(bool quiet_if_missing);
  void close_fd();
  void warn(const std::string& what);
  // How errors name the input: "--table users.ndjson", or "stdin".
  std::string subject() const;

  InputOptions opts_;
  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  bool is_regular_ = false;
  uint64_t raw_pos_ = 0;  // read position in the open file
  uint64_t bytes_read_ = 0;
  uint64_t skip_ = 0;     // bytes still to skip to reach start_offset
  LineSplitter splitter_;
  std::unique_ptr<MappedFile> mapped_;  // the splitter reads from it while attached
  uint64_t map_start_ = 0;                    // file offset of its first byte
  bool map_tried_ = false;
  bool detecting_ = true;        // the first bytes decide plain or zstd
  std::vector<char> stage_;      // holds those first bytes until then
  size_t stage_len_ = 0;
  bool zstd_ = false;
  std::unique_ptr<ZstdDecoder> decoder_;
  bool eof_ = false;             // the end of a non-followed input was reached
  bool ended_ = false;
  bool missing_reported_ = false;
  std::atomic<bool> stop_{false};
  // With read-ahead, the tool's thread reads only these: where the lines
  // returned so far end, and whether End was returned.
  InputPosition taken_;
  bool taken_end_ = false;
  // Last: the reading thread stops before the members it uses go.
  std::unique_ptr<ReadAhead> ahead_;
};

}  // namespace sp
