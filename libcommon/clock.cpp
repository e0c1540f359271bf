#include "libcommon/clock.h"

#include "libcommon/errors.h"
#include "libcommon/timestamp.h"

#include <chrono>
#include <cstdlib>
#include <string>

namespace sp {

Nanos real_wall_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Nanos real_monotonic_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Clock& Clock::instance() {
  // A throwing initializer leaves the static uninitialised, so a bad
  // SP_CLOCK is reported on every call rather than silently ignored.
  static Clock clock = [] {
    const char* spec = std::getenv("SP_CLOCK");
    return from_spec(spec ? spec : "", "SP_CLOCK");
  }();
  return clock;
}

Clock Clock::from_spec(std::string_view spec, std::string_view source) {
  Clock clock;
  if (spec.empty()) return clock;
  bool advancing = spec.back() == '+';
  std::string_view instant = advancing ? spec.substr(0, spec.size() - 1) : spec;
  Nanos start = 0;
  if (!parse_rfc3339(instant, start)) {
    throw UsageError("invalid " + std::string(source) + " '" + std::string(spec) +
                     "': expected an RFC 3339 instant such as 2026-01-01T00:00:00Z (frozen wall "
                     "clock), or one followed by '+' such as 2026-01-01T00:00:00Z+ (starts there and "
                     "advances)");
  }
  clock.mode_ = advancing ? Mode::Shifted : Mode::Frozen;
  clock.wall_origin_ = start;
  clock.monotonic_origin_ = real_monotonic_now();
  return clock;
}

Clock& Clock::operator=(const Clock& other) {
  mode_ = other.mode_;
  wall_origin_ = other.wall_origin_;
  monotonic_origin_ = other.monotonic_origin_;
  manual_wall_.store(other.manual_wall_.load());
  manual_monotonic_.store(other.manual_monotonic_.load());
  return *this;
}

Nanos Clock::now_wall() const {
  switch (mode_) {
    case Mode::Real:
      return real_wall_now();
    case Mode::Frozen:
      return wall_origin_;
    case Mode::Shifted:
      return wall_origin_ + (real_monotonic_now() - monotonic_origin_);
    case Mode::Manual:
      return manual_wall_.load(std::memory_order_relaxed);
  }
  return real_wall_now();
}

Nanos Clock::now_monotonic() const {
  if (mode_ == Mode::Manual) return manual_monotonic_.load(std::memory_order_relaxed);
  return real_monotonic_now();
}

void Clock::set_for_test(Nanos wall, Nanos monotonic) {
  mode_ = Mode::Manual;
  manual_wall_.store(wall);
  manual_monotonic_.store(monotonic);
}

void Clock::advance_for_test(Nanos elapsed) {
  manual_wall_.fetch_add(elapsed);
  manual_monotonic_.fetch_add(elapsed);
}

}  // namespace sp
