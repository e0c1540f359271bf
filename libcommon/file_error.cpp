#include "libcommon/file_error.h"

#include <cerrno>
#include <cstring>

namespace sp {

const char* file_error_hint(int err, FileAccess access) {
  const bool write = access == FileAccess::Write;
  switch (err) {
    case ENOENT:
      return write ? "create its directory first, or give another path" : "check the path";
    case EACCES:
    case EPERM:
      return write ? "check the permissions: this user must be able to write there"
                   : "check the permissions: this user must be able to read it";
    case EROFS:
      return "the file system is read-only: give a path on a writable one";
    case ENOSPC:
    case EDQUOT:
      return "free some disk space (or raise the quota), then run again";
    case EFBIG:
      return "the file reached the largest size allowed here: split the output or give another file system";
    case EISDIR:
      return "name a file, not a directory";
    case ENOTDIR:
      return "a part of the path is not a directory: check the path";
    case ENAMETOOLONG:
      return "give a shorter path";
    case ELOOP:
      return "the path has a symbolic link loop: check the path";
    case EMFILE:
    case ENFILE:
      return "raise the limit of open files (ulimit -n)";
    case EIO:
      return "the device reported an I/O error: check the disk";
    default:
      return "check the path, its permissions and the disk";
  }
}

std::string file_error(std::string_view subject, std::string_view action, int err, FileAccess access) {
  std::string out(subject);
  out += ": cannot ";
  out += action;
  out += ": ";
  out += std::strerror(err);
  out += "; ";
  out += file_error_hint(err, access);
  return out;
}

std::string file_subject(std::string_view option, std::string_view path) {
  if (option.empty()) return std::string(path);
  std::string out(option);
  out += ' ';
  out += path;
  return out;
}

}  // namespace sp
