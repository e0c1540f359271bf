#include "libcommon/clock.h"

#include "libcommon/errors.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace sp;

namespace {

constexpr Nanos kMs = 1'000'000;
constexpr Nanos kSec = 1'000'000'000;
constexpr Nanos k2026 = 1767225600 * kSec;  // date -u -d 2026-01-01 +%s

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

TEST_CASE("an empty spec is the real clock", "[clock]") {
  Clock clock = Clock::from_spec("", "SP_CLOCK");
  CHECK(clock.mode() == Clock::Mode::Real);
  Nanos before = real_wall_now();
  Nanos now = clock.now_wall();
  CHECK(now >= before);
  CHECK(now - before < 5 * kSec);
  Nanos m1 = clock.now_monotonic();
  sleep_ms(20);
  CHECK(clock.now_monotonic() - m1 >= 20 * kMs);
}

TEST_CASE("a frozen clock keeps wall time still, monotonic time real", "[clock]") {
  Clock clock = Clock::from_spec("2026-01-01T00:00:00Z", "SP_CLOCK");
  CHECK(clock.mode() == Clock::Mode::Frozen);
  CHECK(clock.now_wall() == k2026);
  Nanos m1 = clock.now_monotonic();
  sleep_ms(20);
  CHECK(clock.now_wall() == k2026);
  CHECK(clock.now_monotonic() - m1 >= 20 * kMs);  // idle timeouts still fire
}

TEST_CASE("a shifted clock starts at the instant and advances", "[clock]") {
  Clock clock = Clock::from_spec("2026-01-01T00:00:00.5+01:00+", "SP_CLOCK");
  CHECK(clock.mode() == Clock::Mode::Shifted);
  const Nanos start = k2026 - 3600 * kSec + 500 * kMs;
  Nanos w1 = clock.now_wall();
  CHECK(w1 >= start);
  CHECK(w1 - start < 5 * kSec);
  sleep_ms(20);
  Nanos w2 = clock.now_wall();
  CHECK(w2 - w1 >= 20 * kMs);
  CHECK(w2 - start < 5 * kSec);
}

TEST_CASE("a bad SP_CLOCK is a usage error naming the variable", "[clock]") {
  for (const char* bad : {"now", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "+",
                          "2026-01-01T00:00:00Z++", "2026-01-01T00:00:00Z-", " 2026-01-01T00:00:00Z"}) {
    INFO("spec: '" << bad << "'");
    CHECK_THROWS_AS(Clock::from_spec(bad, "SP_CLOCK"), UsageError);
  }
  CHECK_THROWS_WITH(Clock::from_spec("yesterday", "SP_CLOCK"),
                    Catch::StartsWith("invalid SP_CLOCK 'yesterday'") && Catch::Contains("2026-01-01T00:00:00Z"));
  CHECK_THROWS_WITH(Clock::from_spec("x", "--clock"), Catch::StartsWith("invalid --clock 'x'"));
}

TEST_CASE("test hooks pin and advance both clocks", "[clock]") {
  Clock clock;
  clock.set_for_test(k2026, 1000);
  CHECK(clock.mode() == Clock::Mode::Manual);
  CHECK(clock.now_wall() == k2026);
  CHECK(clock.now_monotonic() == 1000);
  sleep_ms(5);
  CHECK(clock.now_wall() == k2026);
  CHECK(clock.now_monotonic() == 1000);
  clock.advance_for_test(30 * kSec);
  CHECK(clock.now_wall() == k2026 + 30 * kSec);
  CHECK(clock.now_monotonic() == 1000 + 30 * kSec);
  Clock copy = clock;
  CHECK(copy.now_wall() == k2026 + 30 * kSec);
  clock.reset_for_test(Clock::from_spec("", "SP_CLOCK"));
  CHECK(clock.mode() == Clock::Mode::Real);
}

TEST_CASE("instance() is one shared clock", "[clock]") {
  Clock& a = Clock::instance();
  Clock& b = Clock::instance();
  CHECK(&a == &b);
  Clock saved = a;
  a.set_for_test(k2026, 7);
  CHECK(b.now_wall() == k2026);
  a.reset_for_test(saved);
  CHECK(a.mode() == saved.mode());
}
