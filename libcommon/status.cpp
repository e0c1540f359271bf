#include "libcommon/status.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "libcommon/atomic_file.h"
#include "libcommon/cli.h"
#include "libcommon/clock.h"
#include "libcommon/errors.h"
#include "libcommon/time_range.h"
#include "libcommon/json_writer.h"
#include "libcommon/timestamp.h"

namespace sp {

namespace {

void time_or_null(JsonWriter& w, Nanos t) {
  if (t == kNoTime) {
    w.null();
  } else {
    w.string(format_rfc3339_ms(t));
  }
}

// Seconds with millisecond precision, as --stats writes elapsed_s.
double seconds(Nanos d) { return std::round(static_cast<double>(d) / 1e6) / 1e3; }
double round3(double x) { return std::round(x * 1000) / 1000; }

void diagnostic(JsonWriter& w, const std::optional<Diagnostic>& d) {
  if (!d) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("at");
  w.string(format_rfc3339_ms(d->at));
  w.key("message");
  w.string(d->message);
  w.end_object();
}

}  // namespace

std::string explain_pending(const StatusReport& r) {
  const PendingState& p = *r.pending;
  std::string end = format_rfc3339_ms(p.end);
  std::string s = "the " + p.what + " ending " + end + " is emitted when the watermark reaches its end; ";
  if (!r.event_time) {
    s += "the watermark follows processing time (--processing-time)";
  } else if (r.watermark == kNoTime) {
    s += "no record with an event time has arrived yet";
  } else {
    s += "the watermark is " + format_rfc3339_ms(r.watermark) + " (latest event time " +
         format_rfc3339_ms(r.max_event_time) + " minus --max-delay " + format_duration(r.max_delay) +
         "), so it waits for a record with event time at or after " + format_rfc3339_ms(p.end + r.max_delay);
    if (r.state == "running") {
      std::string quiet = format_duration(static_cast<Nanos>(r.quiet_s * 1e3) * 1000000);
      if (r.idle_timeout > 0) {
        s += ", or for the input to be quiet for --idle-timeout " + format_duration(r.idle_timeout) +
             " (quiet for " + quiet + " now), which moves the watermark on with the wall clock";
      } else {
        s += "; the input has been quiet for " + quiet +
             ": --idle-timeout DUR would move the watermark on with the wall clock after DUR of quiet input";
      }
    }
  }
  if (r.state != "running" && r.state != "failed") {
    s += "; the input ended and --checkpoint keeps the " + p.what + " open for the next run";
  }
  if (!p.hint.empty()) s += " (" + p.hint + ")";
  return s;
}

std::string format_status(const StatusReport& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("tool");
  w.string(r.tool);
  w.key("name");
  w.string(r.name);
  w.key("pid");
  w.number(r.pid);
  w.key("state");
  w.string(r.state);
  w.key("started");
  w.string(format_rfc3339_ms(r.started));
  w.key("updated");
  w.string(format_rfc3339_ms(r.updated));
  w.key("elapsed_s");
  w.number(round3(r.elapsed_s));
  w.key("counters");
  w.raw(r.counters.empty() ? "{}" : r.counters);
  w.key("rates");
  w.begin_object();
  w.key("interval_s");
  w.number(round3(r.interval_s));
  w.key("records_per_s");
  w.number(round3(r.records_per_s));
  w.key("bytes_per_s");
  w.number(round3(r.bytes_per_s));
  w.end_object();
  w.key("input");
  if (r.input.empty()) {
    w.null();
  } else {
    w.begin_object();
    w.key("name");
    w.string(r.input);
    w.key("follow");
    w.boolean(r.follow);
    w.key("offset");
    w.number(r.offset);
    w.key("size");
    if (r.size) w.number(*r.size); else w.null();
    w.key("lag_bytes");
    if (r.lag) w.number(*r.lag); else w.null();
    w.key("quiet_s");
    w.number(round3(r.quiet_s));
    w.end_object();
  }
  w.key("watermark");
  time_or_null(w, r.event_time ? r.watermark : kNoTime);
  w.key("max_event_time");
  time_or_null(w, r.event_time ? r.max_event_time : kNoTime);
  w.key("gauges");
  w.begin_object();
  for (const auto& [name, value] : r.gauges) {
    w.key(name);
    w.number(value);
  }
  w.end_object();
  w.key("pending");
  if (r.pending) {
    const PendingState& p = *r.pending;
    w.begin_object();
    w.key("what");
    w.string(p.what);
    w.key("start");
    w.string(format_rfc3339_ms(p.start));
    w.key("end");
    w.string(format_rfc3339_ms(p.end));
    w.key("groups");
    w.number(p.groups);
    w.key("watermark");
    time_or_null(w, r.event_time ? r.watermark : kNoTime);
    w.key("max_delay_s");
    w.number(seconds(r.max_delay));
    w.key("closes_at_event_time");
    time_or_null(w, r.event_time ? p.end + r.max_delay : kNoTime);
    w.key("idle_timeout_s");
    if (r.idle_timeout > 0) w.number(seconds(r.idle_timeout)); else w.null();
    w.key("explain");
    w.string(explain_pending(r));
    w.end_object();
  } else {
    w.null();
  }
  w.key("last_error");
  diagnostic(w, r.last_error);
  w.key("last_warning");
  diagnostic(w, r.last_warning);
  w.end_object();
  out += '\n';
  return out;
}

Nanos status_interval(const CommonOptions& o) {
  if (o.status.empty()) {
    if (!o.status_interval.empty()) throw UsageError("--status-interval needs --status FILE");
    return 5 * kNanosPerSecond;
  }
  if (o.status_interval.empty()) return 5 * kNanosPerSecond;
  Nanos d = parse_time_span(o.status_interval, "--status-interval");
  if (d <= 0) throw UsageError("--status-interval must be greater than 0, e.g. 5s (got '" + o.status_interval + "')");
  return d;
}

StatusFile::StatusFile(std::string path, Nanos interval, std::string tool, std::string name)
    : path_(std::move(path)), interval_(interval), tool_(std::move(tool)), name_(std::move(name)) {
  Clock& clock = Clock::instance();
  started_wall_ = clock.now_wall();
  started_mono_ = clock.now_monotonic();
  last_mono_ = started_mono_;
  StatusReport first;
  complete(first, 0, 0);
  // The usual mistake first, in words that do not depend on the pid of the
  // temporary file.
  size_t slash = path_.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path_.substr(0, slash);
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw UsageError("--status " + path_ + ": cannot write to directory " + dir + ": " + std::strerror(errno) +
                     "; give a path in a directory this user can write");
  }
  try {
    write_file_atomically(path_, format_status(first), 0644, /*durable=*/false);
  } catch (const IoError& e) {
    throw UsageError(std::string("--status ") + e.what());
  }
  writer_ = std::thread([this] { writer_loop(); });
}

StatusFile::~StatusFile() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) writer_.join();
}

void StatusFile::complete(StatusReport& r, uint64_t records, uint64_t bytes) {
  Clock& clock = Clock::instance();
  const Nanos now = clock.now_monotonic();
  r.tool = tool_;
  r.name = name_;
  r.pid = ::getpid();
  r.started = started_wall_;
  r.updated = clock.now_wall();
  r.elapsed_s = static_cast<double>(now - started_mono_) / kNanosPerSecond;
  const Nanos span = now - last_mono_;
  r.interval_s = static_cast<double>(span) / kNanosPerSecond;
  if (span > 0) {
    r.records_per_s = static_cast<double>(records - std::min(records, last_records_)) / r.interval_s;
    r.bytes_per_s = static_cast<double>(bytes - std::min(bytes, last_bytes_)) / r.interval_s;
  }
  r.last_error = last_diagnostic(Severity::Error);
  r.last_warning = last_diagnostic(Severity::Warning);
  last_mono_ = now;
  last_records_ = records;
  last_bytes_ = bytes;
}

void StatusFile::writer_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return next_.has_value() || stopping_; });
    if (!next_) return;  // stopping, nothing left to write
    std::string document = std::move(*next_);
    next_.reset();
    busy_ = true;
    lock.unlock();
    std::string error;
    try {
      write_file_atomically(path_, document, 0644, /*durable=*/false);
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    busy_ = false;
    failure_ = std::move(error);
    written_.notify_all();
  }
}

void StatusFile::report_failure() {
  std::string failure;
  {
    std::lock_guard lock(mutex_);
    failure = failure_;
  }
  if (failure.empty() || failure_reported_) return;
  failure_reported_ = true;
  report(tool_, "--status " + failure + " (the stream goes on, and the status file is retried every interval)");
}

void StatusFile::publish(StatusReport& r, uint64_t records, uint64_t bytes) {
  complete(r, records, bytes);
  std::string document = format_status(r);
  report_failure();
  {
    std::lock_guard lock(mutex_);
    next_ = std::move(document);
  }
  wake_.notify_one();
}

void StatusFile::finish(StatusReport& r, uint64_t records, uint64_t bytes) {
  complete(r, records, bytes);
  std::string document = format_status(r);
  {
    std::unique_lock lock(mutex_);
    next_ = std::move(document);
    wake_.notify_one();
    written_.wait(lock, [&] { return !next_ && !busy_; });
  }
  report_failure();
}

}  // namespace sp
