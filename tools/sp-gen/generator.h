// EventGenerator: the deterministic heart of sp-gen. Given the same options
// it produces the same lines, byte for byte, on every machine; it does no
// I/O and reads no clock.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "libcommon/units.h"
#include "tools/sp-gen/event.h"
#include "tools/sp-gen/formats.h"
#include "tools/sp-gen/prng.h"
#include "tools/sp-gen/zipf.h"

namespace sp::gen {

inline constexpr Nanos kDefaultStart = 1'767'225'600 * kNanosPerSecond;  // 2026-01-01T00:00:00Z

struct GenOptions {
  uint64_t seed = 1;
  uint64_t keys = 1000;       // distinct users
  double zipf = 1.1;          // skew of users; 0 = uniform
  double dup_rate = 0;        // probability a record repeats a recent one
  double late_rate = 0;       // probability a record is older than the lateness bound
  Nanos disorder = 0;         // event time jitter, uniform in [0, disorder)
  Nanos start = kDefaultStart;
  Nanos interval = 100 * kNanosPerMilli;  // event-time step between fresh records
  Format format = Format::Ndjson;
};

// Throws UsageError naming the option at fault.
void validate(const GenOptions& options);

class EventGenerator {
 public:
  // How many recent records a duplicate may copy.
  static constexpr size_t kRecentRecords = 32;

  explicit EventGenerator(const GenOptions& options);  // validates

  // The line before the first record (CSV's header), or empty.
  std::string_view header() const { return format_header(options_.format); }

  // Replaces `line` with the next record, without its newline.
  void next(std::string& line);
  // The same, as an Event (next() is next_event() then write_event()).
  const Event& next_event();

  // Records older than this behind the newest event time are late:
  // --disorder, or one minute without it.
  Nanos lateness_bound() const { return bound_; }
  // The event time the monotonic clock has reached (before jitter).
  Nanos clock() const { return options_.start + static_cast<Nanos>(fresh_) * options_.interval; }

  uint64_t records() const { return records_; }
  uint64_t duplicates() const { return duplicates_; }
  uint64_t late() const { return late_; }
  bool last_was_duplicate() const { return last_was_duplicate_; }

 private:
  const Event* pick_duplicate();
  void make_fresh(bool late);

  GenOptions options_;
  Nanos bound_;
  uint64_t dup_threshold_;
  uint64_t late_threshold_;  // cumulative: dup + late
  uint64_t id_key_;
  uint64_t user_key_;
  uint64_t session_key_;
  Xoshiro256ss rng_;
  ZipfSampler users_;
  std::deque<Event> recent_;  // fresh, on-time records, newest last
  Event current_;
  Nanos newest_ts_ = 0;  // largest event time written so far
  bool any_written_ = false;
  bool last_was_duplicate_ = false;
  uint64_t fresh_ = 0;
  uint64_t records_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t late_ = 0;
};

}  // namespace sp::gen
