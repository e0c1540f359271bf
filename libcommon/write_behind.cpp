#include "libcommon/write_behind.h"

#include <errno.h>
#include <unistd.h>

namespace sp {
namespace {

// Writes all of data; returns 0 or the errno of the write that failed.
int write_fully(int fd, const char* data, size_t len) {
  while (len > 0) {
    ssize_t n = ::write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    len -= static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace

WriteBehind::WriteBehind(size_t max_in_flight) : max_in_flight_(max_in_flight < 1 ? 1 : max_in_flight) {
  thread_ = std::thread([this] { run(); });
}

WriteBehind::~WriteBehind() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

WriteBehind::Buffer WriteBehind::submit(Slot& slot, int fd, Buffer buffer, size_t len, size_t capacity) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return !slot.busy && jobs_.size() < max_in_flight_; });
  slot.busy = true;
  jobs_.push_back(Job{&slot, fd, std::move(buffer), len, capacity});
  queued_.notify_one();
  for (auto it = spare_.begin(); it != spare_.end(); ++it) {
    if (it->second == capacity) {
      Buffer reused = std::move(it->first);
      spare_.erase(it);
      return reused;
    }
  }
  lock.unlock();
  return Buffer(new char[capacity]);
}

void WriteBehind::wait(Slot& slot) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return !slot.busy; });
}

void WriteBehind::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
    if (jobs_.empty()) return;  // stopping, and everything is written
    // The front job stays queued (counted as in flight) while it is written;
    // only this thread removes jobs, so its fields stay put.
    const Job& job = jobs_.front();
    Slot* slot = job.slot;
    int fd = job.fd;
    const char* data = job.buffer.get();
    size_t len = job.len;
    lock.unlock();
    int error = write_fully(fd, data, len);
    lock.lock();
    Job finished = std::move(jobs_.front());
    jobs_.pop_front();
    if (error != 0) slot->error.store(error, std::memory_order_release);
    slot->busy = false;
    if (spare_.size() < max_in_flight_) spare_.emplace_back(std::move(finished.buffer), finished.capacity);
    done_.notify_all();
  }
}

}  // namespace sp
