#include "libcommon/follow.h"

#include <sys/stat.h>

namespace sp {

PathChange check_followed_path(const std::string& path, int fd, uint64_t pos) {
  struct stat at_path {};
  if (::stat(path.c_str(), &at_path) != 0) return PathChange::Missing;
  struct stat open_file {};
  if (fd < 0 || ::fstat(fd, &open_file) != 0) return PathChange::Replaced;
  if (at_path.st_dev != open_file.st_dev || at_path.st_ino != open_file.st_ino)
    return PathChange::Replaced;
  if (S_ISREG(open_file.st_mode) && static_cast<uint64_t>(open_file.st_size) < pos)
    return PathChange::Truncated;
  return PathChange::None;
}

}  // namespace sp
