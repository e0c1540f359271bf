// Error types shared by every tool, and the exit statuses they map to.
//
// Exit status (documented in sp(7) and each man page):
//   0  success (also: downstream closed the pipe, like `head` expects)
//   1  data error under --strict / --max-errors, or an I/O failure
//   2  usage error (bad option, bad option value, incompatible checkpoint)
#pragma once
#include <stdexcept>
#include <string>

namespace sp {

inline constexpr int kExitOk = 0;
inline constexpr int kExitDataOrIo = 1;
inline constexpr int kExitUsage = 2;

// A bad option or option value; the message says what and how to fix it.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A failed system call on an input, output or state file (ENOSPC, EIO, ...).
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A bad record made fatal by --strict or --max-errors.
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A checkpoint that is corrupt, foreign or incompatible with the options.
struct CheckpointError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Downstream closed its end of the pipe: stop quietly with status 0.
struct BrokenPipe : std::exception {
  const char* what() const noexcept override { return "broken pipe"; }
};

}  // namespace sp
