// The one clock behind all processing-time behaviour (idle timeouts, early
// emits, progress, elapsed_s, syslog's missing year), so that tests and
// golden cases can pin it.
//
// SP_CLOCK (environment), read on first use of Clock::instance():
//   unset                       wall and monotonic time are real;
//   SP_CLOCK=2026-01-01T00:00:00Z
//                               wall time frozen at that instant; monotonic
//                               time stays real, so idle timeouts (measured
//                               on monotonic time) still fire;
//   SP_CLOCK=2026-01-01T00:00:00Z+
//                               wall time starts at that instant and advances
//                               with real elapsed time.
// Any RFC 3339 instant is accepted. A bad value is a UsageError naming
// SP_CLOCK. Tools should touch Clock::instance() early (before reading input)
// so the error comes first.
#pragma once
#include <atomic>
#include <string_view>

#include "libcommon/units.h"

namespace sp {

class Clock {
 public:
  enum class Mode {
    Real,      // both real
    Frozen,    // wall fixed, monotonic real
    Shifted,   // wall = fixed start + real elapsed, monotonic real
    Manual,    // both set by tests (set_for_test / advance_for_test)
  };

  // The process-wide clock, configured from SP_CLOCK on first call.
  // Throws UsageError if SP_CLOCK is malformed (and again on every call).
  static Clock& instance();

  // A clock configured from an SP_CLOCK-style spec (empty = real);
  // `source` names where the spec came from in the error message
  // (e.g. "SP_CLOCK" or "--clock").
  static Clock from_spec(std::string_view spec, std::string_view source);

  Clock() = default;  // real
  Clock(const Clock& other) { *this = other; }
  Clock& operator=(const Clock& other);

  // Nanoseconds since the Unix epoch (UTC).
  Nanos now_wall() const;
  // Nanoseconds since an arbitrary fixed point; never goes backwards.
  Nanos now_monotonic() const;

  Mode mode() const { return mode_; }

  // Tests: pin both clocks to the given values (Manual mode) ...
  void set_for_test(Nanos wall, Nanos monotonic = 0);
  // ... move both forward by `elapsed` (Manual mode only) ...
  void advance_for_test(Nanos elapsed);
  // ... or replace this clock's configuration, e.g. with from_spec(...).
  void reset_for_test(const Clock& replacement) { *this = replacement; }

 private:
  Mode mode_ = Mode::Real;
  Nanos wall_origin_ = 0;       // Frozen/Shifted: the instant given
  Nanos monotonic_origin_ = 0;  // Shifted: real monotonic time at start
  // Manual: current values (atomic: another thread may read while a test
  // thread advances them).
  std::atomic<Nanos> manual_wall_{0};
  std::atomic<Nanos> manual_monotonic_{0};
};

// Real time, bypassing any configuration (for Clock and for code measuring
// its own elapsed run time).
Nanos real_wall_now();
Nanos real_monotonic_now();

}  // namespace sp
