#include "libcommon/timestamp.h"

#include "libcommon/clock.h"
#include "libcommon/errors.h"

#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>

namespace sp {

// ---- calendar ---------------------------------------------------------------

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);               // [0, 399]
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (month <= 2), month, day};
}

bool is_leap_year(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned days_in_month(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

namespace {

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Exactly n digits at text[pos..].
bool fixed_digits(std::string_view text, size_t pos, int n, int& value) {
  if (pos + static_cast<size_t>(n) > text.size()) return false;
  value = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[pos + static_cast<size_t>(i)];
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

// A fraction's digits at text[pos..] (at least one) as nanoseconds; digits
// past the ninth are truncated.
bool fraction_nanos(std::string_view text, size_t& pos, int64_t& nanos) {
  size_t start = pos;
  nanos = 0;
  int kept = 0;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    if (kept < 9) {
      nanos = nanos * 10 + (text[pos] - '0');
      ++kept;
    }
  }
  nanos *= kPow10[9 - kept];
  return pos > start;
}

// A broken-down UTC-offset time -> Nanos, validating every field.
bool to_nanos(int64_t year, int month, int day, int hour, int minute, int second, int64_t nanos,
              int offset_seconds, Nanos& out) {
  if (year < 0 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)) || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return false;
  }
  int64_t seconds = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                    hour * 3600 + minute * 60 + second - offset_seconds;
  // In 128 bits: the earliest representable second only fits once its
  // fraction is added.
  __int128 result = static_cast<__int128>(seconds) * kNanosPerSecond + nanos;
  if (result < std::numeric_limits<Nanos>::min() || result > std::numeric_limits<Nanos>::max()) return false;
  out = static_cast<Nanos>(result);
  return true;
}

// ---- epoch numbers ------------------------------------------------------------

enum class EpochUnit { Auto, S, Ms, Us, Ns };

Nanos nanos_per(EpochUnit unit) {
  switch (unit) {
    case EpochUnit::S: return kNanosPerSecond;
    case EpochUnit::Ms: return kNanosPerMilli;
    case EpochUnit::Us: return kNanosPerMicro;
    default: return 1;
  }
}

// The magnitude rule of `auto`: < 1e11 s, < 1e14 ms, < 1e17 us, else ns.
EpochUnit unit_by_magnitude(double magnitude) {
  if (magnitude < 1e11) return EpochUnit::S;
  if (magnitude < 1e14) return EpochUnit::Ms;
  if (magnitude < 1e17) return EpochUnit::Us;
  return EpochUnit::Ns;
}

EpochUnit epoch_unit_of(TimeFormatKind kind) {
  switch (kind) {
    case TimeFormatKind::EpochS: return EpochUnit::S;
    case TimeFormatKind::EpochMs: return EpochUnit::Ms;
    case TimeFormatKind::EpochUs: return EpochUnit::Us;
    case TimeFormatKind::EpochNs: return EpochUnit::Ns;
    default: return EpochUnit::Auto;
  }
}

// "-?digits(.digits)?" exactly; false if the text is anything else or the
// result leaves the int64 range.
bool parse_epoch_decimal(std::string_view text, EpochUnit unit, Nanos& out) {
  using u128 = unsigned __int128;
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  size_t digits_start = pos;
  uint64_t whole = 0;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    if (pos - digits_start >= 19) return false;  // beyond any int64 nanosecond value
    whole = whole * 10 + static_cast<uint64_t>(text[pos] - '0');
  }
  if (pos == digits_start) return false;
  // Up to 18 fraction digits: exact to the nanosecond for every unit.
  uint64_t fraction = 0;
  int fraction_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    size_t fraction_start = ++pos;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
      if (fraction_digits < 18) {
        fraction = fraction * 10 + static_cast<uint64_t>(text[pos] - '0');
        ++fraction_digits;
      }
    }
    if (pos == fraction_start) return false;
  }
  if (pos != text.size()) return false;
  if (unit == EpochUnit::Auto) {
    // Integer thresholds: as a double, 99999999999999999 would round up to 1e17.
    unit = whole < 100'000'000'000ULL           ? EpochUnit::S
           : whole < 100'000'000'000'000ULL     ? EpochUnit::Ms
           : whole < 100'000'000'000'000'000ULL ? EpochUnit::Us
                                                : EpochUnit::Ns;
  }
  uint64_t scale = static_cast<uint64_t>(nanos_per(unit));
  uint64_t pow10 = 1;
  for (int i = 0; i < fraction_digits; ++i) pow10 *= 10;
  u128 magnitude = static_cast<u128>(whole) * scale + static_cast<u128>(fraction) * scale / pow10;
  u128 limit = static_cast<u128>(std::numeric_limits<Nanos>::max()) + (negative ? 1 : 0);
  if (magnitude > limit) return false;
  out = negative ? static_cast<Nanos>(0 - static_cast<uint64_t>(magnitude)) : static_cast<Nanos>(magnitude);
  return true;
}

bool epoch_from_double(double value, EpochUnit unit, Nanos& out) {
  if (!std::isfinite(value)) return false;
  if (unit == EpochUnit::Auto) unit = unit_by_magnitude(std::fabs(value));
  double nanos = std::nearbyint(value * static_cast<double>(nanos_per(unit)));
  // 2^63 is exactly representable; anything at or beyond it overflows.
  if (!(nanos < 9223372036854775808.0 && nanos >= -9223372036854775808.0)) return false;
  out = static_cast<Nanos>(nanos);
  return true;
}

// ---- strptime-style patterns --------------------------------------------------

constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                            "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view kWeekdayNames[] = {"monday", "tuesday",  "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};
constexpr std::string_view kDirectives = "YymdejHIpMSfzZbhBaATRFs%";

struct Fields {
  int64_t year = 0;
  bool have_year = false;
  int month = 1;
  int day = 1;
  bool have_month_or_day = false;
  int yday = 0;  // 0: not given
  int hour = 0;
  int hour12 = 0;  // 0: %I not given
  int pm = -1;     // -1: %p not given
  int minute = 0;
  int second = 0;
  int64_t nanos = 0;
  int offset_seconds = 0;
  bool have_epoch = false;
  int64_t epoch = 0;
};

bool starts_with_nocase(std::string_view text, size_t pos, std::string_view lower_word) {
  if (pos + lower_word.size() > text.size()) return false;
  for (size_t i = 0; i < lower_word.size(); ++i) {
    if (to_lower(text[pos + i]) != lower_word[i]) return false;
  }
  return true;
}

// A full or 3-letter English name from `names`; returns its index or -1.
template <size_t N>
int match_name(std::string_view text, size_t& pos, const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (starts_with_nocase(text, pos, names[i])) {
      pos += names[i].size();
      return static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < N; ++i) {
    if (starts_with_nocase(text, pos, names[i].substr(0, 3))) {
      pos += 3;
      return static_cast<int>(i);
    }
  }
  return -1;
}

// 1..max_digits digits, in [min, max].
bool read_number(std::string_view text, size_t& pos, int max_digits, int min, int max, int& value) {
  size_t start = pos;
  int64_t v = 0;
  while (pos < text.size() && is_digit(text[pos]) && pos - start < static_cast<size_t>(max_digits)) {
    v = v * 10 + (text[pos++] - '0');
  }
  if (pos == start || v < min || v > max) return false;
  value = static_cast<int>(v);
  return true;
}

// Z, +hh, +hhmm, +hh:mm (and -).
bool read_offset(std::string_view text, size_t& pos, int& offset_seconds) {
  if (pos >= text.size()) return false;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
    offset_seconds = 0;
    return true;
  }
  if (text[pos] != '+' && text[pos] != '-') return false;
  int sign = text[pos] == '-' ? -1 : 1;
  int hours = 0, minutes = 0;
  if (!fixed_digits(text, pos + 1, 2, hours) || hours > 23) return false;
  pos += 3;
  if (pos < text.size() && text[pos] == ':') {
    if (!fixed_digits(text, pos + 1, 2, minutes)) return false;
    pos += 3;
  } else if (fixed_digits(text, pos, 2, minutes)) {
    pos += 2;
  }
  if (minutes > 59) return false;
  offset_seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool match_pattern(std::string_view pattern, std::string_view text, size_t& pos, Fields& f) {
  for (size_t p = 0; p < pattern.size(); ++p) {
    char c = pattern[p];
    if (is_blank(c)) {
      while (pos < text.size() && is_blank(text[pos])) ++pos;
      continue;
    }
    if (c != '%') {
      if (pos >= text.size() || text[pos] != c) return false;
      ++pos;
      continue;
    }
    if (++p >= pattern.size()) return false;
    int value = 0;
    switch (pattern[p]) {
      case 'Y':
        if (!read_number(text, pos, 4, 0, 9999, value)) return false;
        f.year = value;
        f.have_year = true;
        break;
      case 'y':
        if (!read_number(text, pos, 2, 0, 99, value)) return false;
        f.year = value < 69 ? 2000 + value : 1900 + value;
        f.have_year = true;
        break;
      case 'm':
        if (!read_number(text, pos, 2, 1, 12, f.month)) return false;
        f.have_month_or_day = true;
        break;
      case 'd':
      case 'e':
        while (pos < text.size() && text[pos] == ' ') ++pos;
        if (!read_number(text, pos, 2, 1, 31, f.day)) return false;
        f.have_month_or_day = true;
        break;
      case 'j':
        if (!read_number(text, pos, 3, 1, 366, f.yday)) return false;
        break;
      case 'H':
        if (!read_number(text, pos, 2, 0, 23, f.hour)) return false;
        break;
      case 'I':
        if (!read_number(text, pos, 2, 1, 12, f.hour12)) return false;
        break;
      case 'p':
        if (starts_with_nocase(text, pos, "am")) {
          f.pm = 0;
        } else if (starts_with_nocase(text, pos, "pm")) {
          f.pm = 1;
        } else {
          return false;
        }
        pos += 2;
        break;
      case 'M':
        if (!read_number(text, pos, 2, 0, 59, f.minute)) return false;
        break;
      case 'S':
        if (!read_number(text, pos, 2, 0, 59, f.second)) return false;
        break;
      case 'f':
        if (!fraction_nanos(text, pos, f.nanos)) return false;
        break;
      case 'z':
        if (!read_offset(text, pos, f.offset_seconds)) return false;
        break;
      case 'Z':
        if (text.substr(pos, 3) == "UTC" || text.substr(pos, 3) == "GMT") {
          pos += 3;
        } else if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
          ++pos;
        } else {
          return false;
        }
        f.offset_seconds = 0;
        break;
      case 'b':
      case 'h':
      case 'B': {
        int month = match_name(text, pos, kMonthNames);
        if (month < 0) return false;
        f.month = month + 1;
        f.have_month_or_day = true;
        break;
      }
      case 'a':
      case 'A':
        if (match_name(text, pos, kWeekdayNames) < 0) return false;
        break;
      case 'T':
        if (!match_pattern("%H:%M:%S", text, pos, f)) return false;
        break;
      case 'R':
        if (!match_pattern("%H:%M", text, pos, f)) return false;
        break;
      case 'F':
        if (!match_pattern("%Y-%m-%d", text, pos, f)) return false;
        break;
      case 's': {
        bool negative = pos < text.size() && text[pos] == '-';
        if (negative) ++pos;
        size_t start = pos;
        int64_t seconds = 0;
        // 11 digits reach past year 5000, beyond the Nanos range anyway.
        while (pos < text.size() && is_digit(text[pos]) && pos - start < 11) seconds = seconds * 10 + (text[pos++] - '0');
        if (pos == start) return false;
        f.epoch = negative ? -seconds : seconds;
        f.have_epoch = true;
        break;
      }
      case '%':
        if (pos >= text.size() || text[pos] != '%') return false;
        ++pos;
        break;
      default:
        return false;  // TimeFormat::parse rejects these up front
    }
  }
  return true;
}

bool parse_strptime(const TimeFormat& format, std::string_view text, Nanos& out) {
  Fields f;
  size_t pos = 0;
  if (!match_pattern(format.pattern, text, pos, f) || pos != text.size()) return false;
  if (f.have_epoch) {
    Nanos result = 0;
    if (__builtin_mul_overflow(f.epoch, kNanosPerSecond, &result)) return false;
    if (__builtin_add_overflow(result, f.epoch < 0 ? -f.nanos : f.nanos, &result)) return false;
    out = result;
    return true;
  }
  int64_t year = f.have_year ? f.year : format.default_year;
  int hour = f.hour;
  if (f.hour12 != 0) hour = f.hour12 % 12 + (f.pm == 1 ? 12 : 0);
  int month = f.month;
  int day = f.day;
  if (f.yday != 0 && !f.have_month_or_day) {
    if (year < 0 || year > 9999 || f.yday > (is_leap_year(year) ? 366 : 365)) return false;
    CivilDate date = civil_from_days(days_from_civil(year, 1, 1) + f.yday - 1);
    month = static_cast<int>(date.month);
    day = static_cast<int>(date.day);
  }
  return to_nanos(year, month, day, hour, f.minute, f.second, f.nanos, f.offset_seconds, out);
}

// ---- output -----------------------------------------------------------------------

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void put_digits(char*& p, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  p += width;
}

// "YYYY-MM-DDTHH:MM:SS" for the second containing t; returns the nanoseconds
// into that second.
int64_t put_date_time(char*& p, Nanos t) {
  int64_t seconds = floor_div(t, kNanosPerSecond);
  int64_t nanos = t % kNanosPerSecond;  // not t - seconds * 1e9: overflows at INT64_MIN
  if (nanos < 0) nanos += kNanosPerSecond;
  int64_t days = floor_div(seconds, 86400);
  int64_t second_of_day = seconds - days * 86400;
  CivilDate date = civil_from_days(days);
  put_digits(p, date.year, 4);
  *p++ = '-';
  put_digits(p, date.month, 2);
  *p++ = '-';
  put_digits(p, date.day, 2);
  *p++ = 'T';
  put_digits(p, second_of_day / 3600, 2);
  *p++ = ':';
  put_digits(p, second_of_day / 60 % 60, 2);
  *p++ = ':';
  put_digits(p, second_of_day % 60, 2);
  return nanos;
}

// The end ":SS[.fraction]Z" of an RFC 3339 UTC time whose first 16 bytes
// were read before, as nanoseconds into its minute. False for any other end
// (an offset, a bad second): parse_rfc3339 then reads the whole time.
bool utc_within_minute(std::string_view text, Nanos& within) {
  if (text.size() < 20 || text[16] != ':' || !is_digit(text[17]) || !is_digit(text[18])) return false;
  int second = (text[17] - '0') * 10 + (text[18] - '0');
  if (second > 59) return false;
  size_t pos = 19;
  int64_t nanos = 0;
  // Milliseconds, the most common fraction by far, at fixed places.
  int millis = 0;
  if (text.size() == 24 && text[19] == '.' && fixed_digits(text, 20, 3, millis) &&
      (text[23] == 'Z' || text[23] == 'z')) {
    within = second * kNanosPerSecond + int64_t{millis} * 1000000;
    return true;
  }
  if (text[pos] == '.') {
    ++pos;
    if (!fraction_nanos(text, pos, nanos)) return false;
  }
  if (pos + 1 != text.size() || (text[pos] != 'Z' && text[pos] != 'z')) return false;
  within = second * kNanosPerSecond + nanos;
  return true;
}

}  // namespace

bool Rfc3339MinuteCache::parse(std::string_view text, Nanos& out) {
  Nanos within = 0;
  if (valid_ && text.size() >= 20 && std::memcmp(text.data(), minute_, sizeof minute_) == 0 &&
      utc_within_minute(text, within)) {
    out = minute_start_ + within;
    return true;
  }
  if (!parse_rfc3339(text, out)) return false;
  // Kept only when every time of that minute fits in Nanos.
  constexpr Nanos kMin = std::numeric_limits<Nanos>::min(), kMax = std::numeric_limits<Nanos>::max();
  if (utc_within_minute(text, within) && out >= kMin + within && out - within <= kMax - (kNanosPerMinute - 1)) {
    std::memcpy(minute_, text.data(), sizeof minute_);
    minute_start_ = out - within;
    valid_ = true;
  }
  return true;
}

bool parse_rfc3339(std::string_view text, Nanos& out) {
  // YYYY-MM-DDTHH:MM:SS at fixed positions.
  int year, month, day, hour, minute, second;
  if (text.size() < 20 || !fixed_digits(text, 0, 4, year) || text[4] != '-' ||
      !fixed_digits(text, 5, 2, month) || text[7] != '-' || !fixed_digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !fixed_digits(text, 11, 2, hour) ||
      text[13] != ':' || !fixed_digits(text, 14, 2, minute) || text[16] != ':' ||
      !fixed_digits(text, 17, 2, second)) {
    return false;
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (text[pos] == '.') {
    ++pos;
    if (!fraction_nanos(text, pos, nanos)) return false;
  }
  int offset_seconds = 0;
  // RFC 3339 requires the offset minutes; read_offset also takes "+hh".
  size_t offset_start = pos;
  if (!read_offset(text, pos, offset_seconds) || pos != text.size()) return false;
  if (text[offset_start] != 'Z' && text[offset_start] != 'z' && pos - offset_start < 5) return false;
  return to_nanos(year, month, day, hour, minute, second, nanos, offset_seconds, out);
}

TimeFormat TimeFormat::parse(std::string_view spec) {
  TimeFormat format;
  if (spec == "auto") return format;
  static constexpr struct {
    std::string_view name;
    TimeFormatKind kind;
  } kNamed[] = {{"rfc3339", TimeFormatKind::Rfc3339}, {"epoch_s", TimeFormatKind::EpochS},
                {"epoch_ms", TimeFormatKind::EpochMs}, {"epoch_us", TimeFormatKind::EpochUs},
                {"epoch_ns", TimeFormatKind::EpochNs}};
  for (const auto& named : kNamed) {
    if (spec == named.name) {
      format.kind = named.kind;
      return format;
    }
  }
  if (spec.find('%') == std::string_view::npos) {
    throw UsageError("invalid time format '" + std::string(spec) +
                     "': expected auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, or a "
                     "strptime-style pattern such as '%d/%b/%Y:%H:%M:%S %z'");
  }
  bool has_year = false;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] != '%') continue;
    if (i + 1 >= spec.size() || kDirectives.find(spec[i + 1]) == std::string_view::npos) {
      std::string directive = i + 1 < spec.size() ? std::string("%") + spec[i + 1] : "a lone % at the end";
      throw UsageError("invalid time format '" + std::string(spec) + "': unsupported " + directive +
                       "; supported: %Y %y %m %d %e %j %H %I %p %M %S %f %z %Z %b %h %B %a %A %T %R %F "
                       "%s and %% for a literal %");
    }
    char d = spec[++i];
    has_year = has_year || d == 'Y' || d == 'y' || d == 'F' || d == 's';
  }
  format.kind = TimeFormatKind::Strptime;
  format.pattern = std::string(spec);
  if (!has_year) {
    format.default_year = static_cast<int>(civil_from_days(floor_div(Clock::instance().now_wall(), kNanosPerDay)).year);
  }
  return format;
}

bool parse_time_string(const TimeFormat& format, std::string_view text, Nanos& out, Rfc3339MinuteCache* minutes) {
  auto rfc3339 = [&] { return minutes ? minutes->parse(text, out) : parse_rfc3339(text, out); };
  switch (format.kind) {
    case TimeFormatKind::Auto:
      return rfc3339() || parse_epoch_decimal(text, EpochUnit::Auto, out);
    case TimeFormatKind::Rfc3339:
      return rfc3339();
    case TimeFormatKind::Strptime:
      return parse_strptime(format, text, out);
    default:
      return parse_epoch_decimal(text, epoch_unit_of(format.kind), out);
  }
}

bool parse_time_number(const TimeFormat& format, double value, std::string_view literal, Nanos& out) {
  // simdjson's raw_json_token() keeps the whitespace after the number.
  while (!literal.empty() && (is_blank(literal.back()) || literal.back() == '\n' || literal.back() == '\r')) {
    literal.remove_suffix(1);
  }
  switch (format.kind) {
    case TimeFormatKind::Rfc3339:
      return false;
    case TimeFormatKind::Strptime:
      return parse_strptime(format, literal, out);
    default: {
      EpochUnit unit = epoch_unit_of(format.kind);
      // The literal is exact when it is plain decimal; "1.7e9" and the like
      // fall back to the double.
      if (!literal.empty() && literal.find_first_of("eE") == std::string_view::npos) {
        return parse_epoch_decimal(literal, unit, out);
      }
      return epoch_from_double(value, unit, out);
    }
  }
}

TimeOutFormat parse_time_out(std::string_view spec) {
  if (spec == "rfc3339") return TimeOutFormat::Rfc3339;
  if (spec == "epoch_ms") return TimeOutFormat::EpochMs;
  if (spec == "epoch_ns") return TimeOutFormat::EpochNs;
  throw UsageError("invalid time output format '" + std::string(spec) +
                   "': expected rfc3339, epoch_ms or epoch_ns");
}

size_t format_time(Nanos t, TimeOutFormat format, char* buf) {
  char* p = buf;
  switch (format) {
    case TimeOutFormat::Rfc3339: {
      int64_t nanos = put_date_time(p, t);
      *p++ = '.';
      put_digits(p, nanos / kNanosPerMilli, 3);
      *p++ = 'Z';
      break;
    }
    case TimeOutFormat::EpochMs:
      p = std::to_chars(p, buf + kTimeBufferSize - 1, floor_div(t, kNanosPerMilli)).ptr;
      break;
    case TimeOutFormat::EpochNs:
      p = std::to_chars(p, buf + kTimeBufferSize - 1, t).ptr;
      break;
  }
  *p = '\0';
  return static_cast<size_t>(p - buf);
}

std::string format_rfc3339_ms(Nanos t) {
  char buf[kTimeBufferSize];
  return std::string(buf, format_time(t, TimeOutFormat::Rfc3339, buf));
}

std::string format_rfc3339_ns(Nanos t) {
  char buf[kTimeBufferSize];
  char* p = buf;
  int64_t nanos = put_date_time(p, t);
  if (nanos != 0) {
    *p++ = '.';
    int digits = 9;
    while (nanos % 10 == 0) {
      nanos /= 10;
      --digits;
    }
    put_digits(p, nanos, digits);
  }
  *p++ = 'Z';
  return std::string(buf, static_cast<size_t>(p - buf));
}

}  // namespace sp
