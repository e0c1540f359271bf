#include "libcommon/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"

namespace sp {
namespace {

bool is_stdout_path(const std::string& path) { return path.empty() || path == "-"; }

}  // namespace

void ignore_sigpipe() { ::signal(SIGPIPE, SIG_IGN); }

OutputSink::OutputSink(OutputOptions options)
    : opts_(std::move(options)), capacity_(std::max<size_t>(opts_.buffer_size, 1)) {
  bool resume = opts_.truncate_to != UINT64_MAX;
  if (opts_.fd >= 0) {
    fd_ = opts_.fd;
    name_ = is_stdout_path(opts_.path) ? "fd " + std::to_string(fd_) : opts_.path;
  } else if (is_stdout_path(opts_.path)) {
    fd_ = STDOUT_FILENO;
    name_ = "stdout";
  } else {
    name_ = opts_.path;
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    flags |= (opts_.append || resume) ? O_APPEND : O_TRUNC;
    fd_ = ::open(opts_.path.c_str(), flags, 0644);
    if (fd_ < 0) {
      const int err = errno;
      throw IoError(file_error(subject(), "open for writing", err, FileAccess::Write));
    }
    owns_fd_ = true;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    throw IoError(file_error(subject(), "stat", err, FileAccess::Write));
  }
  is_file_ = S_ISREG(st.st_mode);
  if (is_file_ && resume) {
    // The checkpoint recorded this length; anything past it was written after
    // the checkpoint and is written again by the resumed run.
    if (static_cast<uint64_t>(st.st_size) < opts_.truncate_to)
      throw IoError(subject() + ": is " + std::to_string(st.st_size) + " bytes, shorter than the checkpoint's " +
                    std::to_string(opts_.truncate_to) + "; it was changed after the checkpoint, so the run cannot "
                    "resume into it: restore the file, or remove it and the checkpoint to start over");
    if (::ftruncate(fd_, static_cast<off_t>(opts_.truncate_to)) != 0) {
      const int err = errno;
      throw IoError(file_error(subject(), "truncate", err, FileAccess::Write));
    }
    bytes_written_ = opts_.truncate_to;
  } else if (is_file_ && opts_.append) {
    bytes_written_ = static_cast<uint64_t>(st.st_size);
  }
  buf_ = std::make_unique<char[]>(capacity_);
  behind_ = opts_.write_behind;
}

std::string OutputSink::subject() const {
  return is_stdout_path(opts_.path) ? name_ : file_subject(opts_.option, name_);
}

OutputSink::~OutputSink() {
  try {
    flush();
  } catch (...) {
  }
  if (behind_ != nullptr) behind_->wait(slot_);  // flush() may have thrown before waiting
  if (owns_fd_) ::close(fd_);
}

void OutputSink::fail_write(int error) const {
  if (error == EPIPE) throw BrokenPipe();
  throw IoError(file_error(subject(), "write", error, FileAccess::Write));
}

void OutputSink::write_all(const char* data, size_t len) {
  while (len > 0) {
    ssize_t n = ::write(fd_, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_write(errno);
    }
    data += n;
    len -= static_cast<size_t>(n);
  }
}

void OutputSink::spill() {
  size_t n = used_;
  used_ = 0;  // on failure the bytes are dropped: the error ends the tool anyway
  if (behind_ == nullptr) {
    write_all(buf_.get(), n);
    return;
  }
  // One buffer in flight per sink: the previous one must be written (and
  // have succeeded) before this one is queued behind it.
  behind_->wait(slot_);
  check_behind();
  if (n > 0) buf_ = behind_->submit(slot_, fd_, std::move(buf_), n, capacity_);
}

void OutputSink::write_buffer() {
  spill();
  if (behind_ != nullptr) {
    behind_->wait(slot_);
    check_behind();
  }
}

void OutputSink::flush() {
  check_behind();
  release_lines();
  write_buffer();
}

void OutputSink::write_input_line(std::string_view line) {
  if (opts_.line_buffered) {
    write_line(line);
    return;
  }
  if (run_end_ != line.data()) {
    release_lines();
    run_begin_ = line.data();
  }
  run_end_ = line.data() + line.size() + 1;
  bytes_written_ += line.size() + 1;
}

void OutputSink::release_lines() {
  if (run_begin_ == run_end_) return;
  const char* run = run_begin_;
  const auto n = static_cast<size_t>(run_end_ - run_begin_);
  run_begin_ = run_end_ = nullptr;
  // A short run is cheaper copied than written on its own.
  if (n <= capacity_ - used_ && n < capacity_ / 4) {
    std::memcpy(buf_.get() + used_, run, n);
    used_ += n;
    return;
  }
  write_buffer();
  write_all(run, n);
}

void OutputSink::write(std::string_view bytes) {
  check_behind();
  release_lines();
  bytes_written_ += bytes.size();
  if (bytes.size() > capacity_ - used_) {
    if (bytes.size() >= capacity_) {  // too big to buffer: write it straight through
      flush();
      write_all(bytes.data(), bytes.size());
      return;
    }
    spill();
  }
  std::memcpy(buf_.get() + used_, bytes.data(), bytes.size());
  used_ += bytes.size();
  if (opts_.line_buffered && std::memchr(bytes.data(), '\n', bytes.size()) != nullptr) flush();
}

void OutputSink::write_line(std::string_view record) {
  check_behind();
  release_lines();
  bytes_written_ += record.size() + 1;
  if (record.size() + 1 > capacity_ - used_) {
    if (record.size() + 1 > capacity_) {
      flush();
      write_all(record.data(), record.size());
      write_all("\n", 1);
      return;
    }
    spill();
  }
  std::memcpy(buf_.get() + used_, record.data(), record.size());
  used_ += record.size();
  buf_[used_++] = '\n';
  if (opts_.line_buffered) flush();
}

void OutputSink::sync() {
  flush();
  if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) {
    const int err = errno;
    throw IoError(file_error(subject(), "fsync", err, FileAccess::Write));
  }
}

}  // namespace sp
