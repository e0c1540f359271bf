// An LD_PRELOAD shim that makes I/O on chosen files fail, to test how the
// tools handle a full disk or a failing input without root or a real full
// file system:
//
//   SP_FAIL_WRITE=SUBSTR  write/writev/pwrite/fsync on a file whose path
//                         contains SUBSTR fail with ENOSPC
//   SP_FAIL_READ=SUBSTR   read on such a file fails with EIO; mapping it
//                         fails with ENODEV, so the tools read() it
//   SP_FAIL_AFTER=N       ... once N bytes were written/read to/from it
//                         (default 0: the first call fails)
//
// Paths are matched when the file is opened (open, open64, openat, creat),
// so only files the program opens itself are affected.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>

namespace {

constexpr int kMaxFd = 4096;
enum Mode : unsigned char { kNone = 0, kFailWrite = 1, kFailRead = 2 };
Mode g_mode[kMaxFd];
unsigned long long g_done[kMaxFd];  // bytes moved so far on the fd

template <typename F>
F next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

unsigned long long fail_after() {
  const char* v = std::getenv("SP_FAIL_AFTER");
  return v ? std::strtoull(v, nullptr, 10) : 0;
}

void track(int fd, const char* path) {
  if (fd < 0 || fd >= kMaxFd) return;
  g_mode[fd] = kNone;
  g_done[fd] = 0;
  const char* w = std::getenv("SP_FAIL_WRITE");
  const char* r = std::getenv("SP_FAIL_READ");
  if (w && *w && std::strstr(path, w)) g_mode[fd] = kFailWrite;
  if (r && *r && std::strstr(path, r)) g_mode[fd] = kFailRead;
}

// True when an operation of `n` bytes on fd must fail (errno is set); else
// counts the bytes the caller is about to move.
bool must_fail(int fd, Mode mode, size_t n, int err) {
  if (fd < 0 || fd >= kMaxFd || g_mode[fd] != mode) return false;
  if (g_done[fd] + n <= fail_after()) {
    g_done[fd] += n;
    return false;
  }
  errno = err;
  return true;
}

mode_t mode_arg(int flags, va_list ap) {
  return (flags & (O_CREAT | O_TMPFILE)) ? static_cast<mode_t>(va_arg(ap, int)) : 0;
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  int fd = next<int (*)(const char*, int, ...)>("open")(path, flags, mode);
  track(fd, path);
  return fd;
}

int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  int fd = next<int (*)(const char*, int, ...)>("open64")(path, flags, mode);
  track(fd, path);
  return fd;
}

int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  int fd = next<int (*)(int, const char*, int, ...)>("openat")(dirfd, path, flags, mode);
  track(fd, path);
  return fd;
}

int creat(const char* path, mode_t mode) {
  int fd = next<int (*)(const char*, mode_t)>("creat")(path, mode);
  track(fd, path);
  return fd;
}

ssize_t write(int fd, const void* buf, size_t n) {
  if (must_fail(fd, kFailWrite, n, ENOSPC)) return -1;
  return next<ssize_t (*)(int, const void*, size_t)>("write")(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
  if (must_fail(fd, kFailWrite, n, ENOSPC)) return -1;
  return next<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite")(fd, buf, n, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  size_t n = 0;
  for (int i = 0; i < count; ++i) n += iov[i].iov_len;
  if (must_fail(fd, kFailWrite, n, ENOSPC)) return -1;
  return next<ssize_t (*)(int, const struct iovec*, int)>("writev")(fd, iov, count);
}

int fsync(int fd) {
  if (must_fail(fd, kFailWrite, 0, ENOSPC)) return -1;
  return next<int (*)(int)>("fsync")(fd);
}

ssize_t read(int fd, void* buf, size_t n) {
  if (fd >= 0 && fd < kMaxFd && g_mode[fd] == kFailRead && g_done[fd] >= fail_after()) {
    errno = EIO;
    return -1;
  }
  ssize_t got = next<ssize_t (*)(int, void*, size_t)>("read")(fd, buf, n);
  if (got > 0 && fd >= 0 && fd < kMaxFd) g_done[fd] += static_cast<unsigned long long>(got);
  return got;
}

void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
  if (fd >= 0 && fd < kMaxFd && g_mode[fd] == kFailRead) {
    errno = ENODEV;
    return MAP_FAILED;
  }
  return next<void* (*)(void*, size_t, int, int, int, off_t)>("mmap")(addr, len, prot, flags, fd, offset);
}

void* mmap64(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
  return mmap(addr, len, prot, flags, fd, offset);
}

int close(int fd) {
  if (fd >= 0 && fd < kMaxFd) g_mode[fd] = kNone;
  return next<int (*)(int)>("close")(fd);
}

}  // extern "C"
