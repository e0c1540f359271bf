// tail -F bookkeeping: what happened to a followed path while the reader sat
// at the end of the file it has open.
#pragma once
#include <cstdint>
#include <string>

namespace sp {

enum class PathChange {
  None,       // same file, nothing new to do
  Replaced,   // the path names another file now (rotation, or it reappeared)
  Truncated,  // same file, now shorter than our position
  Missing,    // nothing at the path (keep waiting for it)
};

// fd: the open file (or -1 if none yet); pos: how far we read it.
PathChange check_followed_path(const std::string& path, int fd, uint64_t pos);

}  // namespace sp
