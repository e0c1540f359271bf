// Reading ahead on a second thread: while the tool works on one batch of
// lines, the next ones are read, split and checked, so the read() copies,
// the line search and the encoding check leave the tool's own thread.
//
// Batches come out in the order they were read. At most `depth` exist at
// once (the one the tool holds, the queued ones and the one being filled),
// which bounds the memory read ahead.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "libcommon/line_splitter.h"

namespace sp {

// Where an input stands after some lines: what InputReader reports.
struct InputPosition {
  uint64_t offset = 0, line = 0, empty_lines = 0, raw_pos = 0, bytes_read = 0;
  bool zstd = false;
};

struct ReadAheadBatch {
  std::vector<InputLine> lines;
  LineBuffer buffer;         // holds the texts of `lines`
  bool end = false;          // the input ends after these lines
  std::exception_ptr error;  // reading failed after these lines
  InputPosition position;    // after these lines
};

// Whether this process may run on more than one CPU (its affinity mask, as
// taskset(1) or systemd's CPUAffinity= set it). On a single CPU the reading
// thread only takes turns with the tool's: the switches cost, and batches
// read ahead leave the cache before the tool gets to them.
bool several_cpus_allowed();

class ReadAhead {
 public:
  // Runs on the reading thread. Fills `batch` (its lines cleared, its buffer
  // one it may reuse). `wait`: whether it may wait a while for data. Returns
  // false when no data came (it is then called again, with wait true, until
  // some does or the reader is destroyed).
  using Fill = std::function<bool(ReadAheadBatch& batch, bool wait)>;

  ReadAhead(Fill fill, size_t depth);
  ~ReadAhead();  // stops the thread (after at most one fill call)
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next batch, waiting at most timeout_ms (< 0: no limit); nullptr if
  // none came. Gives back the batch returned before: its texts are invalid
  // from now on. No batch follows one with `end` or `error`.
  ReadAheadBatch* next(int timeout_ms);

  // A batch is queued, or the thread is reading rather than waiting for data.
  bool ready();

 private:
  void run();
  std::unique_ptr<ReadAheadBatch> take_free();
  bool fill_one(ReadAheadBatch& batch);

  Fill fill_;
  const size_t depth_;
  std::mutex mutex_;
  std::condition_variable filled_;  // a batch was queued
  std::condition_variable freed_;   // a batch was given back, or quitting
  std::deque<std::unique_ptr<ReadAheadBatch>> queue_;
  std::vector<std::unique_ptr<ReadAheadBatch>> free_;
  std::unique_ptr<ReadAheadBatch> current_;  // held by the tool
  size_t created_ = 0;
  bool starved_ = true;  // the thread waits for data (or has not read yet)
  std::atomic<bool> quit_{false};
  std::thread thread_;
};

}  // namespace sp
