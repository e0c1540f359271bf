#include "libcommon/input.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "libcommon/diagnostics.h"
#include "libcommon/errors.h"
#include "libcommon/file_error.h"
#include "libcommon/follow.h"
#include "libcommon/hash.h"
#include "libcommon/mapped_file.h"
#include "libcommon/zstd_decoder.h"

namespace sp {
namespace {

bool is_stdin_path(const std::string& path) { return path.empty() || path == "-"; }

std::string input_name(const InputOptions& o) {
  if (!is_stdin_path(o.path)) return o.path;
  return o.fd >= 0 ? "fd " + std::to_string(o.fd) : "stdin";
}

// True while the bytes seen could still be the start of a zstd frame.
bool could_be_zstd_magic(const char* bytes, size_t len) {
  static constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
  return len < 4 && std::memcmp(bytes, kMagic, len) == 0;
}

// Milliseconds left until deadline (-1 = no deadline).
int ms_left(std::chrono::steady_clock::time_point deadline, bool unlimited) {
  if (unlimited) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                    std::chrono::steady_clock::now());
  return static_cast<int>(std::max<int64_t>(left.count(), 0));
}

// Batches in flight with read-ahead: the one the tool works on, two
// queued and the one being read (each about one read, 1 MiB).
constexpr size_t kReadAheadDepth = 4;
// How long the reading thread waits for data before it looks whether it
// should stop.
constexpr int kReadAheadWaitMs = 100;

}  // namespace

void print_warning(std::string_view message) {
  note_diagnostic(Severity::Warning, message);
  std::fprintf(stderr, "%s: %.*s\n", program_invocation_short_name, static_cast<int>(message.size()),
               message.data());
}

InputReader::InputReader(InputOptions options)
    : opts_(std::move(options)),
      name_(input_name(opts_)),
      skip_(opts_.start_offset),
      splitter_(opts_.max_record_size, opts_.read_size, opts_.start_offset, opts_.start_line),
      stage_(std::max<size_t>(opts_.read_size, 4)) {
  if (!opts_.on_warning) opts_.on_warning = print_warning;
  splitter_.set_check(opts_.check, opts_.control_lines);
  if (opts_.follow && is_stdin_path(opts_.path))
    throw UsageError("--follow needs a named input file (--input FILE); stdin is read until it ends");
  if (opts_.fd >= 0 || is_stdin_path(opts_.path)) {
    fd_ = opts_.fd >= 0 ? opts_.fd : STDIN_FILENO;
    struct stat st {};
    is_regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  } else {
    open_path(false);
  }
  taken_.offset = opts_.start_offset;
  taken_.line = opts_.start_line;
  if (opts_.read_ahead && !opts_.follow) {
    ahead_ = std::make_unique<ReadAhead>([this](ReadAheadBatch& b, bool wait) { return fill_ahead(b, wait); },
                                         kReadAheadDepth);
  }
}

InputReader::~InputReader() {
  ahead_.reset();  // the reading thread uses the descriptor
  // A shared descriptor (stdin) is left where reading got, as read() would.
  if (splitter_.attached() && !owns_fd_ && fd_ >= 0) ::lseek(fd_, static_cast<off_t>(raw_pos_), SEEK_SET);
  close_fd();
}

void InputReader::warn(const std::string& what) { opts_.on_warning(name_ + ": " + what); }

std::string InputReader::subject() const {
  return is_stdin_path(opts_.path) ? name_ : file_subject(opts_.option, name_);
}

void InputReader::close_fd() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  owns_fd_ = false;
}

// Opens the path. A missing followed file is not an error: we wait for it.
void InputReader::open_path(bool quiet_if_missing) {
  int fd = ::open(opts_.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (opts_.follow && err == ENOENT) {
      if (!quiet_if_missing && !missing_reported_)
        warn(std::string(std::strerror(err)) + "; waiting for it to appear");
      missing_reported_ = true;
      return;
    }
    throw IoError(file_error(subject(), "open", err, FileAccess::Read));
  }
  close_fd();
  fd_ = fd;
  owns_fd_ = true;
  raw_pos_ = 0;
  struct stat st {};
  is_regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
}

// One read() of what is there now: > 0 bytes, 0 at the end of what the file
// holds, -1 when a pipe or terminal has nothing yet (it never blocks).
ssize_t InputReader::raw_read(char* dst, size_t capacity) {
  if (fd_ < 0) return 0;
  if (!is_regular_) {
    pollfd p{fd_, POLLIN, 0};
    int ready;
    while ((ready = ::poll(&p, 1, 0)) < 0 && errno == EINTR) {
    }
    if (ready == 0) return -1;
  }
  for (;;) {
    ssize_t n = ::read(fd_, dst, capacity);
    if (n >= 0) {
      raw_pos_ += static_cast<uint64_t>(n);
      bytes_read_ += static_cast<uint64_t>(n);
      return n;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return -1;
    const int err = errno;
    throw IoError(file_error(subject(), "read", err, FileAccess::Read));
  }
}

// A plain regular file that is not followed is split where it lies in the
// page cache (mapped_file.h). Anything else, or a map that fails, is read.
void InputReader::try_map() {
  map_tried_ = true;
  if (!opts_.map_file || opts_.follow || !is_regular_ || fd_ < 0) return;
  const off_t pos = ::lseek(fd_, 0, SEEK_CUR);  // stdin may start inside the file
  struct stat st {};
  if (pos < 0 || ::fstat(fd_, &st) != 0) return;
  const uint64_t start = static_cast<uint64_t>(pos) + skip_;
  const auto size = static_cast<uint64_t>(st.st_size);
  if (start >= size) return;
  char head[4];
  const ssize_t got = ::pread(fd_, head, sizeof head, pos);
  if (got < 0 || has_zstd_magic(head, static_cast<size_t>(got))) return;
  mapped_ = MappedFile::map(fd_, start, size - start, subject());
  if (!mapped_) return;
  splitter_.attach(mapped_->data(), static_cast<size_t>(mapped_->length()));
  map_start_ = raw_pos_ = start;
  skip_ = 0;
  detecting_ = false;
}

// The next bytes of the map for the splitter, up to read_size; after its
// end, what the file has gained since it was mapped is read.
ssize_t InputReader::advance_mapped() {
  // Steps end on multiples of read_size in the file, so a run resumed at
  // the end of a batch cuts the same batches after it as the run it
  // continues; a checkpoint at each batch end then lands where it did.
  const size_t step = std::max<size_t>(opts_.read_size, 1);
  const size_t n = splitter_.advance(step - raw_pos_ % step);
  if (n == 0) {
    if (::lseek(fd_, static_cast<off_t>(raw_pos_), SEEK_SET) < 0) {
      const int err = errno;
      throw IoError(file_error(subject(), "seek to offset " + std::to_string(raw_pos_), err, FileAccess::Read));
    }
    return read_into_splitter();
  }
  raw_pos_ += n;
  bytes_read_ += n;
  // Lines before the unfinished one may still be in batches in flight (read
  // ahead or held by the tool): keep a few reads' worth behind it.
  const uint64_t keep = (kReadAheadDepth + 2) * step;
  const uint64_t done = splitter_.offset() - map_start_;
  if (done > keep) mapped_->release_before(done - keep);
  return static_cast<ssize_t>(n);
}

ssize_t InputReader::read_into_splitter() {
  auto area = splitter_.write_area();
  ssize_t n = pull_after_skip(area.data(), area.size());
  if (n > 0) splitter_.commit(static_cast<size_t>(n));
  return n;
}

// Reads the first bytes of a stream into stage_ until they tell zstd (magic
// 28 B5 2F FD) from plain text.
InputReader::Detect InputReader::detect_format() {
  ssize_t n = raw_read(stage_.data() + stage_len_, stage_.size() - stage_len_);
  if (n > 0) stage_len_ += static_cast<size_t>(n);
  if (could_be_zstd_magic(stage_.data(), stage_len_)) {
    if (n < 0) return Detect::Wait;
    if (n > 0) return Detect::Wait;  // a pipe delivering a few bytes at a time
    if (opts_.follow) return Detect::Eof;  // the file may still grow
  }
  detecting_ = false;
  zstd_ = has_zstd_magic(stage_.data(), stage_len_);
  if (zstd_) {
    if (!decoder_) decoder_ = std::make_unique<ZstdDecoder>(subject(), std::max(opts_.read_size, stage_.size()));
    decoder_->reset();
    auto area = decoder_->input_area();
    std::memcpy(area.data(), stage_.data(), stage_len_);
    decoder_->commit_input(stage_len_);
    stage_len_ = 0;
  } else if (skip_ > 0 && is_regular_) {
    // A plain file resumes with a seek instead of reading up to the offset.
    if (::lseek(fd_, static_cast<off_t>(skip_), SEEK_SET) < 0) {
      const int err = errno;
      throw IoError(file_error(subject(), "seek to offset " + std::to_string(skip_), err, FileAccess::Read));
    }
    raw_pos_ = skip_;
    skip_ = 0;
    stage_len_ = 0;
  }
  return Detect::Decided;
}

// Decoded bytes of the stream: > 0, 0 at the end of what is there, -1 when a
// pipe has nothing yet.
ssize_t InputReader::pull(char* dst, size_t capacity) {
  if (detecting_) {
    Detect d = detect_format();
    if (d == Detect::Wait) return -1;
    if (d == Detect::Eof) return 0;
  }
  if (!zstd_) {
    if (stage_len_ > 0) {  // capacity >= read_size >= what the stage holds
      size_t n = std::min(stage_len_, capacity);
      std::memcpy(dst, stage_.data(), n);
      std::memmove(stage_.data(), stage_.data() + n, stage_len_ - n);
      stage_len_ -= n;
      return static_cast<ssize_t>(n);
    }
    return raw_read(dst, capacity);
  }
  for (;;) {
    size_t n = decoder_->decompress(dst, capacity);
    if (n > 0) return static_cast<ssize_t>(n);
    auto area = decoder_->input_area();
    ssize_t got = raw_read(area.data(), area.size());
    if (got <= 0) return got;
    decoder_->commit_input(static_cast<size_t>(got));
  }
}

// pull(), minus the first start_offset bytes when they could not be seeked.
ssize_t InputReader::pull_after_skip(char* dst, size_t capacity) {
  ssize_t n = pull(dst, capacity);
  while (n > 0 && skip_ > 0) {
    size_t k = static_cast<size_t>(std::min<uint64_t>(skip_, static_cast<uint64_t>(n)));
    skip_ -= k;
    if (k < static_cast<size_t>(n)) {
      std::memmove(dst, dst + k, static_cast<size_t>(n) - k);
      return n - static_cast<ssize_t>(k);
    }
    n = pull(dst, capacity);
  }
  return n;
}

// Starts reading the (new or truncated) file from its beginning. The old
// file's unfinished last line is final now: it is returned first.
void InputReader::restart_stream(std::vector<InputLine>& out) {
  splitter_.finish(out);
  splitter_.reset(0, 0);
  detecting_ = true;
  stage_len_ = 0;
  zstd_ = false;
  skip_ = 0;
}

// At the end of a followed file: look whether the path was rotated,
// truncated or removed. Returns true if it switched, restarted or read more
// (the lines that ends may be appended to out).
bool InputReader::on_followed_eof(std::vector<InputLine>& out) {
  switch (check_followed_path(opts_.path, fd_, raw_pos_)) {
    case PathChange::None:
      return false;
    case PathChange::Missing:
      if (!missing_reported_ && fd_ >= 0) warn("file disappeared, waiting for it to reappear");
      missing_reported_ = true;
      return false;
    case PathChange::Truncated:
      warn("file truncated, reading it again from the start");
      if (::lseek(fd_, 0, SEEK_SET) < 0) {
        const int err = errno;
        throw IoError(file_error(subject(), "seek", err, FileAccess::Read));
      }
      raw_pos_ = 0;
      restart_stream(out);
      return true;
    case PathChange::Replaced: {
      // Appended right before the rename? Finish the old file first.
      if (fd_ >= 0) {
        auto area = splitter_.write_area();
        ssize_t n = pull_after_skip(area.data(), area.size());
        if (n > 0) {
          splitter_.commit(static_cast<size_t>(n));
          splitter_.split(out);
          return true;
        }
      }
      bool had_file = fd_ >= 0;
      int old_fd = fd_;
      open_path(true);
      if (fd_ == old_fd) return false;  // gone again before we could open it
      warn(had_file ? "file rotated, following the new file" : "file appeared, following it");
      missing_reported_ = false;
      restart_stream(out);
      return true;
    }
  }
  return false;
}

ReadStatus InputReader::next_batch(std::vector<InputLine>& out, int timeout_ms) {
  return ahead_ ? take_ahead(out, timeout_ms) : read_batch(out, timeout_ms);
}

// On the reading thread: the next lines into the batch, which then keeps
// the buffer that holds them.
bool InputReader::fill_ahead(ReadAheadBatch& batch, bool wait) {
  ReadStatus status = read_batch(batch.lines, wait ? kReadAheadWaitMs : 0);
  if (status == ReadStatus::Idle) return false;
  if (status == ReadStatus::Lines) splitter_.hand_off(batch.buffer);
  batch.end = status == ReadStatus::End;
  batch.position = InputPosition{splitter_.offset(), splitter_.line(), splitter_.empty_lines(), raw_pos_,
                                 bytes_read_, zstd_};
  return true;
}

// On the tool's thread, with read-ahead: next_batch().
ReadStatus InputReader::take_ahead(std::vector<InputLine>& out, int timeout_ms) {
  if (taken_end_) return ReadStatus::End;
  if (stop_.load(std::memory_order_relaxed)) {
    taken_end_ = true;
    return ReadStatus::End;
  }
  ReadAheadBatch* batch = ahead_->next(timeout_ms);
  if (!batch) return ReadStatus::Idle;
  if (batch->error) {
    taken_end_ = true;
    std::rethrow_exception(batch->error);
  }
  taken_ = batch->position;
  taken_end_ = batch->end;
  if (batch->end) return ReadStatus::End;  // read_batch() ends with a batch of no lines
  out.insert(out.end(), batch->lines.begin(), batch->lines.end());
  return ReadStatus::Lines;
}

ReadStatus InputReader::read_batch(std::vector<InputLine>& out, int timeout_ms) {
  if (ended_) return ReadStatus::End;
  if (!map_tried_) try_map();
  bool unlimited = timeout_ms < 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0));
  for (;;) {
    if (splitter_.split(out) > 0) return ReadStatus::Lines;
    if (stop_.load(std::memory_order_relaxed)) {
      ended_ = true;
      return ReadStatus::End;
    }
    if (eof_) {
      if (splitter_.finish(out) > 0) return ReadStatus::Lines;
      ended_ = true;
      return ReadStatus::End;
    }
    ssize_t n = splitter_.attached() ? advance_mapped() : read_into_splitter();
    if (n > 0) continue;
    if (n == 0) {
      if (!opts_.follow) {
        if (zstd_ && decoder_->mid_frame())
          throw IoError(subject() + ": truncated zstd input (it ends inside a frame); the file was cut short: "
                        "give the complete file (zstd -t FILE checks one)");
        eof_ = true;
        continue;
      }
      size_t before = out.size();
      bool changed = on_followed_eof(out);
      if (out.size() > before) return ReadStatus::Lines;
      if (changed) continue;  // switched or restarted: read on right away
    }
    int left = ms_left(deadline, unlimited);
    if (left == 0) return ReadStatus::Idle;
    if (n < 0) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, left) < 0 && errno != EINTR) {
        const int err = errno;
        throw IoError(file_error(subject(), "poll", err, FileAccess::Read));
      }
    } else {
      int nap = left < 0 ? opts_.follow_poll_ms : std::min(left, opts_.follow_poll_ms);
      std::this_thread::sleep_for(std::chrono::milliseconds(std::max(nap, 1)));
    }
  }
}

bool InputReader::data_ready() {
  if (ahead_) {
    // The reading thread has lines queued or is busy reading; or it waits
    // for a pipe that has just received bytes.
    if (taken_end_) return false;
    if (stop_.load(std::memory_order_relaxed) || ahead_->ready()) return true;
    return !is_regular_ && fd_readable();
  }
  if (ended_) return false;
  if (eof_ || stop_.load(std::memory_order_relaxed)) return true;
  if (splitter_.has_complete_line()) return true;
  if (stage_len_ > 0 && !detecting_) return true;
  if (zstd_ && decoder_->has_input()) return true;
  if (fd_ < 0) return false;
  if (is_regular_) {
    struct stat st {};
    return ::fstat(fd_, &st) == 0 && static_cast<uint64_t>(st.st_size) > raw_pos_;
  }
  return fd_readable();
}

bool InputReader::fd_readable() const {
  pollfd p{fd_, POLLIN, 0};
  return fd_ >= 0 && ::poll(&p, 1, 0) > 0;
}

uint64_t InputReader::file_size() const {
  struct stat st {};
  if (fd_ < 0 || !is_regular_ || ::fstat(fd_, &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

InputReader::Identity InputReader::identity() const {
  Identity id;
  struct stat st {};
  if (fd_ < 0 || ::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return id;
  id.dev = static_cast<uint64_t>(st.st_dev);
  id.ino = static_cast<uint64_t>(st.st_ino);
  id.size = static_cast<uint64_t>(st.st_size);
  char head[4096];
  ssize_t n;
  while ((n = ::pread(fd_, head, sizeof head, 0)) < 0 && errno == EINTR) {
  }
  if (n < 0) {
    const int err = errno;
    throw IoError(file_error(subject(), "read", err, FileAccess::Read));
  }
  id.head_len = static_cast<uint32_t>(n);
  id.head_hash = hash64(std::string_view(head, static_cast<size_t>(n)));
  return id;
}

}  // namespace sp
