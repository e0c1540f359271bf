// --rate: live pacing for demos that tail a growing stream.
#pragma once
#include <cstdint>
#include <string_view>

#include "libcommon/units.h"

namespace sp::gen {

// `count` records per `period`.
struct Rate {
  uint64_t count = 0;
  Nanos period = kNanosPerSecond;

  // The time between two records (at least 1ns).
  Nanos spacing() const;
};

// "100/s", "5/m", "3600/h" or a bare "100" (per second). Throws UsageError.
Rate parse_rate(std::string_view text);

// When each record is due, measured from the start of the run: record i at
// i * period / count, so a burst of slow writes is caught up, never skipped.
class Pacer {
 public:
  Pacer(Rate rate, Nanos start) : rate_(rate), start_(start) {}
  // How many records should have been written by `now` (record 0 is due at start).
  uint64_t due(Nanos now) const;
  // The monotonic time at which record `index` is due.
  Nanos due_at(uint64_t index) const;

 private:
  Rate rate_;
  Nanos start_;
};

}  // namespace sp::gen
