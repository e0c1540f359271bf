// Event timestamps: reading them from record fields (RFC 3339, epoch numbers,
// strptime-style patterns) into Nanos since the Unix epoch (UTC), and
// writing them back out. Every parse function is allocation-free, uses no
// locale and returns false (never throws) on a value it cannot read, so a bad
// record becomes a dead letter rather than an exception.
//
// Range: what int64 nanoseconds hold, 1677-09-21T00:12:43.145224192Z ..
// 2262-04-11T23:47:16.854775807Z. Inputs outside it (though a valid date in
// years 0000-9999) read as false.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libcommon/units.h"

namespace sp {

// Proleptic Gregorian calendar <-> days since 1970-01-01 (Howard Hinnant's
// public-domain algorithms). Month 1..12, day 1..31.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};
CivilDate civil_from_days(int64_t days);
bool is_leap_year(int64_t year);
unsigned days_in_month(int64_t year, unsigned month);

// RFC 3339: "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123456789+05:30".
// Accepted leniencies: lowercase 't'/'z', a space instead of 'T', an offset
// without its colon ("+0530"), and a fraction of any length (digits beyond
// nanoseconds are truncated). The offset (or Z) is required; second 60
// (a leap second) is rejected.
bool parse_rfc3339(std::string_view text, Nanos& out);

// parse_rfc3339 for a stream of times, which mostly share their minute: it
// keeps the minute ("YYYY-MM-DDTHH:MM") of the last UTC time it read, and of
// a time in that minute ending ":SS[.fraction]Z" reads only that end. The
// result is always parse_rfc3339's.
class Rfc3339MinuteCache {
 public:
  bool parse(std::string_view text, Nanos& out);

 private:
  char minute_[16] = {};
  Nanos minute_start_ = 0;
  bool valid_ = false;
};

enum class TimeFormatKind { Auto, Rfc3339, EpochS, EpochMs, EpochUs, EpochNs, Strptime };

// The value of `--time-format`.
struct TimeFormat {
  TimeFormatKind kind = TimeFormatKind::Auto;
  std::string pattern;  // Strptime only
  // Strptime patterns without %Y/%y/%s (syslog's "%b %e %H:%M:%S") take this
  // year. TimeFormat::parse sets it to the current UTC year of Clock (so
  // SP_CLOCK makes it reproducible); callers may override it.
  int default_year = 1970;

  // "auto", "rfc3339", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns", or a
  // pattern containing '%'. Throws UsageError for anything else, including
  // a pattern with an unsupported directive.
  static TimeFormat parse(std::string_view spec);
};

// A time held in a JSON string (or any text field).
//   Auto: RFC 3339, else a decimal number ("1700000000", "1700000000.25",
//         "-5") read as epoch with its unit detected by magnitude (below).
//   Rfc3339: RFC 3339 only. Epoch*: a decimal number in that unit.
//   Strptime: the pattern, which must match the whole text. Directives:
//     %Y year (1-4 digits)  %y 2-digit year (69-99 -> 19xx, else 20xx)
//     %m month  %d day  %e day, space-padded  %j day of year
//     %H hour  %I hour 1-12  %p AM/PM  %M minute  %S second
//     %f fraction digits (1-9 significant; more are truncated)
//     %z offset: Z, +hh, +hhmm, +hh:mm  %Z UTC, GMT or Z
//     %b %h %B English month name, full or 3 letters, any case
//     %a %A English weekday name (read and ignored)
//     %T = %H:%M:%S  %R = %H:%M  %F = %Y-%m-%d  %s epoch seconds  %% '%'
//   Whitespace in the pattern matches zero or more spaces/tabs; any other
//   character matches itself. Fields not given default to: year
//   default_year, month 1, day 1, time 00:00:00, offset UTC.
// `minutes`, when given, reads the RFC 3339 times (same results, faster).
bool parse_time_string(const TimeFormat& format, std::string_view text, Nanos& out,
                       Rfc3339MinuteCache* minutes = nullptr);

// A time held in a JSON number. `literal` is the number's original text
// (simdjson raw_json_token, trimmed); when it is a plain decimal it is read
// exactly (trailing whitespace is ignored), otherwise (exponent, or empty)
// `value` is used.
//   Auto: unit by magnitude of |value|: < 1e11 seconds, < 1e14 milliseconds,
//         < 1e17 microseconds, else nanoseconds. Fractions are kept.
//   Epoch*: that unit. Strptime: the pattern matched against the literal
//   (useful with "%s"). Rfc3339: false.
bool parse_time_number(const TimeFormat& format, double value, std::string_view literal, Nanos& out);

// `--time-out` / output timestamp formats.
enum class TimeOutFormat { Rfc3339, EpochMs, EpochNs };

// "rfc3339", "epoch_ms", "epoch_ns"; throws UsageError otherwise.
TimeOutFormat parse_time_out(std::string_view spec);

inline constexpr size_t kTimeBufferSize = 40;

// Writes `t` into buf (at least kTimeBufferSize bytes), NUL-terminated, and
// returns the length without the NUL. No allocation.
//   Rfc3339: UTC, exactly 3 fraction digits: "2026-01-02T03:04:05.123Z".
//   EpochMs: integer milliseconds. Both round toward negative infinity, so
//   1969-12-31T23:59:59.9995Z is "...59.999Z" and -1 ns is -1 ms.
//   EpochNs: the integer itself.
size_t format_time(Nanos t, TimeOutFormat format, char* buf);

// "2026-01-02T03:04:05.123Z" (format_time's Rfc3339).
std::string format_rfc3339_ms(Nanos t);

// Full precision with trailing fraction zeros trimmed, and no fraction on a
// whole second (Go's RFC3339Nano convention): "2026-01-02T03:04:05Z",
// "2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.000000001Z".
std::string format_rfc3339_ns(Nanos t);

}  // namespace sp
