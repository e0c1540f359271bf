// Event time: reading a record's time field, and the watermark that follows
// it (largest event time seen minus --max-delay; with --idle-timeout, the
// wall clock moves it on while the input is quiet).
#pragma once
#include <string>

#include "libcommon/json_member_scan.h"
#include "libcommon/json_record.h"
#include "libcommon/operator.h"
#include "libcommon/timestamp.h"

namespace sp {

class EventTimeExtractor {
 public:
  EventTimeExtractor(FieldPath field, TimeFormat format) : field_(std::move(field)), format_(std::move(format)) {}

  // Reads the time field of the loaded record. On failure returns false and
  // sets `reason` (e.g. "missing time field 'ts'").
  bool extract(JsonRecord& record, Nanos& out, std::string& reason);
  // The same for the field's value as the member scan found it. False when
  // it is not a valid time in range: the record is then parsed, and
  // extract() above says why.
  bool extract(const ScannedMember& value, Nanos& out);

  const FieldPath& field() const { return field_; }

 private:
  FieldPath field_;
  TimeFormat format_;
  Rfc3339MinuteCache minutes_;
};

class WatermarkTracker {
 public:
  WatermarkTracker(Nanos max_delay, Nanos idle_timeout) : max_delay_(max_delay), idle_timeout_(idle_timeout) {}

  // A record with event time `t` arrived at processing time `now`.
  void observe(Nanos t, Nanos now);
  // The input has been quiet; returns true when the watermark moved because
  // the idle timeout has passed (it then advances with the wall clock).
  bool on_quiet(Nanos now);

  // An upstream pipeline member's watermark: returns true when it moved ours.
  bool advance_to(Nanos watermark);

  Nanos watermark() const { return watermark_; }
  Nanos max_event_time() const { return max_event_time_; }
  // Resume from a checkpoint.
  void restore(Nanos watermark);

 private:
  Nanos max_delay_;
  Nanos idle_timeout_;  // 0: never advance on idle
  Nanos max_event_time_ = kNoTime;
  Nanos watermark_ = kNoTime;
  Nanos last_arrival_ = kNoTime;  // processing time of the last record
};

}  // namespace sp
