#include "libcommon/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"

namespace sp {

namespace {

// "<path>: cannot <verb> <object>: <reason>; <what to do>", naming the file
// being replaced (the temp file's name changes with the pid). The caller
// passes errno as read right after the failed call (nothing is built first).
[[noreturn]] void fail(const std::string& path, const char* verb, const std::string& object, int err) {
  throw IoError(file_error(path, std::string(verb) + " " + object, err, FileAccess::Write));
}

// Splits "dir/name" into the directory to fsync/scan and the file name.
std::pair<std::string, std::string> split_path(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

bool process_is_gone(pid_t pid) { return kill(pid, 0) == -1 && errno == ESRCH; }

void write_all(int fd, std::string_view contents, const std::string& path, const std::string& tmp) {
  const char* p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write", tmp, errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void fsync_directory(const std::string& path, const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(path, "open its directory", dir, errno);
  if (::fsync(fd) != 0 && errno != EINVAL) {  // EINVAL: the fs cannot sync dirs
    int err = errno;
    ::close(fd);
    fail(path, "fsync its directory", dir, err);
  }
  ::close(fd);
}

}  // namespace

std::string atomic_temp_path(const std::string& path, pid_t pid) {
  return path + ".tmp." + std::to_string(pid);
}

void remove_stale_temp_files(const std::string& path) {
  auto [dir, name] = split_path(path);
  const std::string prefix = name + ".tmp.";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = ::readdir(d)) {
    std::string_view entry = e->d_name;
    if (!entry.starts_with(prefix)) continue;
    std::string_view digits = entry.substr(prefix.size());
    pid_t pid = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) continue;
    if (pid != ::getpid() && process_is_gone(pid)) ::unlink((dir + "/" + std::string(entry)).c_str());
  }
  ::closedir(d);
}

void write_file_atomically(const std::string& path, std::string_view contents, mode_t mode, bool durable) {
  remove_stale_temp_files(path);
  const std::string tmp = atomic_temp_path(path, ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) fail(path, "create", tmp, errno);
  try {
    // O_CREAT's mode is filtered by the umask, and an old temp keeps its mode.
    if (::fchmod(fd, mode) != 0) fail(path, "set the mode of", tmp, errno);
    write_all(fd, contents, path, tmp);
    if (durable && ::fsync(fd) != 0) fail(path, "fsync", tmp, errno);
    int rc = ::close(fd);
    fd = -1;
    if (rc != 0) fail(path, "close", tmp, errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail(path, "rename", tmp, errno);
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (durable) fsync_directory(path, split_path(path).first);
}

std::string read_file_contents(const std::string& path, std::string_view what, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw IoError(file_error(std::string(what) + path, "open", err, FileAccess::Read));
  }
  std::string data;
  char buf[1 << 16];
  while (data.size() <= max_bytes) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      throw IoError(file_error(std::string(what) + path, "read", err, FileAccess::Read));
    }
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

}  // namespace sp
