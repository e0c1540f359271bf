// Durations and sizes as users write them on the command line
// (`--within 10m`, `--max-record-size 64MiB`), and back again for messages.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sp {

// All times in sp: nanoseconds. Timestamps are nanoseconds since the Unix
// epoch (UTC), which covers 1677-09-21 .. 2262-04-11.
using Nanos = int64_t;

inline constexpr Nanos kNanosPerMicro = 1'000;
inline constexpr Nanos kNanosPerMilli = 1'000'000;
inline constexpr Nanos kNanosPerSecond = 1'000'000'000;
inline constexpr Nanos kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr Nanos kNanosPerHour = 60 * kNanosPerMinute;
inline constexpr Nanos kNanosPerDay = 24 * kNanosPerHour;

// "250ms", "5s", "1m", "2h", "7d", "500us", "10ns", compounds such as
// "1h30m", decimal fractions such as "1.5s", and a bare "0". Units: ns, us
// (or µs), ms, s, m, h, d. Throws UsageError on anything else, on a negative
// value and on a total beyond the int64 nanosecond range.
Nanos parse_duration(std::string_view text);

// The shortest form parse_duration reads back to the same value:
// "0s", "250ms", "1.5us", "1h30m", "1m30.5s", "7d", "-5s".
std::string format_duration(Nanos duration);

// "4096" (bytes), "64KiB", "1MiB", "2GiB", "1TiB", "1PiB" (1024-based),
// "64KB", "1MB", "1GB" (1000-based), "64K", "1M", "1G" (1024-based, as most
// tools read them), an optional "B" suffix; units are case-insensitive and
// a decimal fraction ("1.5GiB") is allowed (truncated to whole bytes).
// Throws UsageError on bad input or a value beyond 2^64-1.
uint64_t parse_size(std::string_view text);

// The largest 1024-based unit that divides the size exactly ("64KiB",
// "1MiB", "1536KiB"), else plain bytes ("1000"). parse_size reads it back.
std::string format_size(uint64_t bytes);

// `--checkpoint-every 10000` (a record count) or `--checkpoint-every 30s`.
struct CountOrDuration {
  bool is_count = true;
  uint64_t count = 0;
  Nanos duration = 0;
};

// A bare integer is a count; anything else must be a duration.
// Throws UsageError naming both accepted forms.
CountOrDuration parse_count_or_duration(std::string_view text);

}  // namespace sp
