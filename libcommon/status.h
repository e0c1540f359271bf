// --status FILE: a small JSON document, rewritten atomically every
// --status-interval and at exit, so that cron jobs and systemd units can
// watch a long-running tool without a metrics stack (jq reads it):
//
//   {"tool":"sp-window","name":"sp-window","pid":4242,"state":"running",
//    "started":"…Z","updated":"…Z","elapsed_s":12.5,
//    "counters":{…the --stats counters…},
//    "rates":{"interval_s":5.0,"records_per_s":1200.4,"bytes_per_s":250000.0},
//    "input":{"name":"app.log","follow":true,"offset":123,"size":456,"lag_bytes":333},
//    "watermark":"…Z","max_event_time":"…Z",
//    "gauges":{"open_windows":2,"groups":14},
//    "pending":{…the oldest open window and why it is still open…},
//    "last_error":{"at":"…Z","message":"…"},"last_warning":null}
//
// state: running, done (the input ended), stopped (SIGINT/SIGTERM) or
// failed (last_error says why). Writing never holds up the stream: the
// document is handed to a thread that writes it; a failed write is reported
// once on stderr and retried at the next interval.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "libcommon/diagnostics.h"
#include "libcommon/operator.h"
#include "libcommon/units.h"

namespace sp {

// Why the oldest open state (a window) has not been emitted yet.
struct PendingState {
  std::string what;      // "window", "session"
  Nanos start = 0, end = 0;
  uint64_t groups = 0;
  std::string hint;      // from the operator, e.g. about --flush-at-end
};

// Everything the document says, gathered by the driver.
struct StatusReport {
  std::string tool, name;
  int64_t pid = 0;
  std::string state = "running";
  Nanos started = 0, updated = 0;  // wall clock (SP_CLOCK)
  double elapsed_s = 0;
  std::string counters;            // Stats::counters_json()
  double interval_s = 0, records_per_s = 0, bytes_per_s = 0;
  // Input ("input":null when `input` is empty, as for sp-gen); size and lag
  // only for a regular file.
  std::string input;
  bool follow = false;
  uint64_t offset = 0;
  std::optional<uint64_t> size, lag;
  // Event time (kNoTime: no record with an event time yet).
  bool event_time = false;
  Nanos watermark = kNoTime, max_event_time = kNoTime;
  Nanos max_delay = 0, idle_timeout = 0;       // 0 idle_timeout: not set
  double quiet_s = 0;                          // since the last record arrived
  std::vector<std::pair<std::string, uint64_t>> gauges;
  std::optional<PendingState> pending;
  std::optional<Diagnostic> last_error, last_warning;
};

// The document (one line of JSON, newline-terminated). Pure.
std::string format_status(const StatusReport& report);

// The sentence of "pending.explain": why the window is open and what closes
// it (a later record, --idle-timeout, the next run).
std::string explain_pending(const StatusReport& report);

struct CommonOptions;

// --status-interval as a duration (default 5s). Throws UsageError when it is
// not positive, or given without --status.
Nanos status_interval(const CommonOptions& options);

class StatusFile {
 public:
  // Writes a first document right away, synchronously: a path that cannot
  // be written is a UsageError naming it. Then starts the writer thread.
  StatusFile(std::string path, Nanos interval, std::string tool, std::string name);
  ~StatusFile();
  StatusFile(const StatusFile&) = delete;
  StatusFile& operator=(const StatusFile&) = delete;

  // Whether the interval has passed since the last publish (monotonic time).
  bool due(Nanos now_mono) const { return now_mono - last_mono_ >= interval_; }
  // Completes `report` (tool, name, pid, times, and the rates from the
  // `records` and `bytes` counted so far) and hands the document to the
  // writer thread, which writes the newest one. Never waits for the disk.
  void publish(StatusReport& report, uint64_t records, uint64_t bytes);
  // The same for the last document (report.state says how the run ended),
  // then waits until it is written; reports a failure on stderr.
  void finish(StatusReport& report, uint64_t records, uint64_t bytes);

  const std::string& path() const { return path_; }

 private:
  void complete(StatusReport& report, uint64_t records, uint64_t bytes);
  void writer_loop();
  void report_failure();

  std::string path_;
  Nanos interval_;
  std::string tool_, name_;
  Nanos started_wall_ = 0, started_mono_ = 0;
  Nanos last_mono_ = 0;  // of the last publish, for due() and the rates
  uint64_t last_records_ = 0, last_bytes_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable written_;
  std::optional<std::string> next_;  // guarded by mutex_
  bool stopping_ = false;            // guarded by mutex_
  bool busy_ = false;                // guarded by mutex_: a write is under way
  std::string failure_;              // guarded by mutex_: the last write's error
  bool failure_reported_ = false;
  std::thread writer_;
};

}  // namespace sp
