#include "libcommon/read_ahead.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <chrono>

namespace sp {

bool several_cpus_allowed() {
  cpu_set_t set;
  CPU_ZERO(&set);
  // Fails only with more CPUs than a cpu_set_t holds: several, then.
  if (sched_getaffinity(0, sizeof set, &set) != 0) return true;
  return CPU_COUNT(&set) > 1;
}

ReadAhead::ReadAhead(Fill fill, size_t depth) : fill_(std::move(fill)), depth_(depth < 2 ? 2 : depth) {
  // The thread blocks every signal, so SIGINT and SIGTERM reach the tool's
  // thread and interrupt its waits as they did without read-ahead.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  thread_ = std::thread([this] { run(); });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  freed_.notify_all();
  thread_.join();
}

ReadAheadBatch* ReadAhead::next(int timeout_ms) {
  std::unique_lock lock(mutex_);
  if (current_) {
    free_.push_back(std::move(current_));
    freed_.notify_one();
  }
  auto queued = [&] { return !queue_.empty(); };
  if (timeout_ms < 0) {
    filled_.wait(lock, queued);
  } else if (!filled_.wait_for(lock, std::chrono::milliseconds(timeout_ms), queued)) {
    return nullptr;
  }
  current_ = std::move(queue_.front());
  queue_.pop_front();
  return current_.get();
}

bool ReadAhead::ready() {
  std::lock_guard lock(mutex_);
  return !queue_.empty() || !starved_;
}

// A batch to fill: a given-back one, or a new one while fewer than depth_
// exist. Null when quitting.
std::unique_ptr<ReadAheadBatch> ReadAhead::take_free() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [&] { return quit_ || !free_.empty() || created_ < depth_; });
  if (quit_) return nullptr;
  if (free_.empty()) {
    ++created_;
    return std::make_unique<ReadAheadBatch>();
  }
  auto batch = std::move(free_.back());
  free_.pop_back();
  return batch;
}

// Fills one batch; false when quitting before any data came.
bool ReadAhead::fill_one(ReadAheadBatch& batch) {
  batch.lines.clear();
  batch.end = false;
  batch.error = nullptr;
  try {
    if (fill_(batch, false)) return true;
    {
      std::lock_guard lock(mutex_);
      starved_ = true;
    }
    while (!quit_) {
      if (fill_(batch, true)) return true;
    }
    return false;
  } catch (...) {
    batch.lines.clear();
    batch.error = std::current_exception();
    return true;
  }
}

void ReadAhead::run() {
  for (;;) {
    auto batch = take_free();
    if (!batch || !fill_one(*batch)) return;
    bool last = batch->end || batch->error;
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(batch));
      starved_ = false;
    }
    filled_.notify_one();
    if (last) return;
  }
}

}  // namespace sp
