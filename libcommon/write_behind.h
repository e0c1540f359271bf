// Write-behind for OutputSink: one thread that writes filled output buffers
// while the tool goes on parsing, so the copies into the page cache (the
// system time of file writes) run on another core.
//
// Each sink has at most one buffer in flight, and the thread writes buffers
// in the order they were handed over, so the bytes of every file stay in
// order. A failed write is kept in the sink's Slot and reported by the sink
// on its next call. At most `max_in_flight` buffers are queued in all, which
// bounds the memory held beyond the sinks' own buffers.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sp {

class WriteBehind {
 public:
  // A sink's state as seen by the writer thread.
  struct Slot {
    bool busy = false;          // a buffer of this sink is queued or being written
    std::atomic<int> error{0};  // errno of a failed write, until the sink reports it
  };
  using Buffer = std::unique_ptr<char[]>;

  explicit WriteBehind(size_t max_in_flight = 4);
  ~WriteBehind();  // every sink using it must be gone first
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;

  // Queues `len` bytes of `buffer` for fd (after waiting for the slot's
  // previous buffer and for room in the queue) and returns an empty buffer
  // of `capacity` bytes to go on filling.
  Buffer submit(Slot& slot, int fd, Buffer buffer, size_t len, size_t capacity);
  // Waits until the slot has nothing in flight.
  void wait(Slot& slot);

 private:
  struct Job {
    Slot* slot;
    int fd;
    Buffer buffer;
    size_t len;
    size_t capacity;
  };
  void run();

  const size_t max_in_flight_;
  std::mutex mutex_;
  std::condition_variable queued_;  // a job arrived, or stopping
  std::condition_variable done_;    // a job finished
  std::deque<Job> jobs_;            // the front one is being written
  std::vector<std::pair<Buffer, size_t>> spare_;  // written buffers and their capacity, for reuse
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sp
