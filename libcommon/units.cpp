#include "libcommon/units.h"

#include "libcommon/errors.h"

#include <cstdint>
#include <limits>

namespace sp {
namespace {

using u128 = unsigned __int128;

constexpr uint64_t kPow10[] = {1ULL,
                               10ULL,
                               100ULL,
                               1000ULL,
                               10000ULL,
                               100000ULL,
                               1000000ULL,
                               10000000ULL,
                               100000000ULL,
                               1000000000ULL,
                               10000000000ULL,
                               100000000000ULL,
                               1000000000000ULL,
                               10000000000000ULL,
                               100000000000000ULL,
                               1000000000000000ULL,
                               10000000000000000ULL,
                               100000000000000000ULL,
                               1000000000000000000ULL};
constexpr int kMaxFractionDigits = 18;  // beyond this no unit changes a nanosecond/byte

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// A non-negative decimal "12", "1.5", ".5" or "3." read from text[i..].
// The fraction keeps its first kMaxFractionDigits digits.
struct Decimal {
  uint64_t whole = 0;
  uint64_t fraction = 0;
  int fraction_digits = 0;

  // whole * unit + fraction * unit, in the unit's base quantity (truncated).
  u128 times(uint64_t unit) const {
    return static_cast<u128>(whole) * unit + static_cast<u128>(fraction) * unit / kPow10[fraction_digits];
  }
};

bool read_decimal(std::string_view text, size_t& i, Decimal& out) {
  out = Decimal{};
  size_t digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i, ++digits) {
    uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (out.whole > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    out.whole = out.whole * 10 + d;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && is_digit(text[i]); ++i, ++digits) {
      if (out.fraction_digits < kMaxFractionDigits) {
        out.fraction = out.fraction * 10 + static_cast<uint64_t>(text[i] - '0');
        ++out.fraction_digits;
      }
    }
  }
  return digits > 0;
}

// Nanoseconds per unit, or 0 when the unit is unknown.
Nanos duration_unit(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return kNanosPerMicro;  // µs (micro sign or Greek mu)
  if (unit == "ms") return kNanosPerMilli;
  if (unit == "s") return kNanosPerSecond;
  if (unit == "m") return kNanosPerMinute;
  if (unit == "h") return kNanosPerHour;
  if (unit == "d") return kNanosPerDay;
  return 0;
}

[[noreturn]] void bad_duration(std::string_view text) {
  throw UsageError("invalid duration '" + std::string(text) +
                   "': expected a number with a unit such as 250ms, 5s, 1m, 2h, 7d");
}

[[noreturn]] void bad_size(std::string_view text) {
  throw UsageError("invalid size '" + std::string(text) +
                   "': expected a byte count or a number with a unit such as 4096, 64KiB, 1MiB, 2GiB");
}

// "whole[.fraction]" with the fraction's trailing zeros dropped.
void append_decimal(std::string& out, uint64_t whole, uint64_t fraction, int fraction_digits) {
  out += std::to_string(whole);
  if (fraction == 0) return;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --fraction_digits;
  }
  std::string digits = std::to_string(fraction);
  out += '.';
  out.append(static_cast<size_t>(fraction_digits) - digits.size(), '0');
  out += digits;
}

}  // namespace

Nanos parse_duration(std::string_view text) {
  if (text == "0") return 0;
  if (text.empty()) bad_duration(text);
  u128 total = 0;
  size_t i = 0;
  while (i < text.size()) {
    Decimal number;
    if (!read_decimal(text, i, number)) bad_duration(text);
    size_t unit_start = i;
    // Unit letters run until the next digit, '.' or the end ("1h30m").
    while (i < text.size() && !is_digit(text[i]) && text[i] != '.') ++i;
    Nanos unit = duration_unit(text.substr(unit_start, i - unit_start));
    if (unit == 0) bad_duration(text);
    total += number.times(static_cast<uint64_t>(unit));
    if (total > static_cast<u128>(std::numeric_limits<Nanos>::max())) bad_duration(text);
  }
  return static_cast<Nanos>(total);
}

std::string format_duration(Nanos duration) {
  if (duration == 0) return "0s";
  std::string out;
  uint64_t rest = static_cast<uint64_t>(duration);
  if (duration < 0) {
    out += '-';
    rest = 0 - rest;  // also right for INT64_MIN
  }
  if (rest < static_cast<uint64_t>(kNanosPerSecond)) {
    // Below a second: the largest of ms/us/ns, with a fraction if needed.
    if (rest >= static_cast<uint64_t>(kNanosPerMilli)) {
      append_decimal(out, rest / kNanosPerMilli, rest % kNanosPerMilli, 6);
      out += "ms";
    } else if (rest >= static_cast<uint64_t>(kNanosPerMicro)) {
      append_decimal(out, rest / kNanosPerMicro, rest % kNanosPerMicro, 3);
      out += "us";
    } else {
      out += std::to_string(rest) + "ns";
    }
    return out;
  }
  const struct {
    uint64_t size;
    char name;
  } parts[] = {{kNanosPerDay, 'd'}, {kNanosPerHour, 'h'}, {kNanosPerMinute, 'm'}};
  for (const auto& part : parts) {
    if (rest >= part.size) {
      out += std::to_string(rest / part.size);
      out += part.name;
      rest %= part.size;
    }
  }
  if (rest != 0) {
    append_decimal(out, rest / kNanosPerSecond, rest % kNanosPerSecond, 9);
    out += 's';
  }
  return out;
}

uint64_t parse_size(std::string_view text) {
  size_t i = 0;
  Decimal number;
  if (!read_decimal(text, i, number)) bad_size(text);
  std::string unit;
  for (; i < text.size(); ++i) {
    if (unit.size() >= 3) bad_size(text);
    unit += to_lower(text[i]);
  }
  if (!unit.empty() && unit.back() == 'b') unit.pop_back();  // "KiB", "KB", "B"
  uint64_t multiplier = 1;
  if (!unit.empty()) {
    static constexpr std::string_view kPrefixes = "kmgtpe";
    size_t power = kPrefixes.find(unit[0]);
    if (power == std::string_view::npos) bad_size(text);
    bool decimal = unit.size() == 1 && text.size() >= 2 && to_lower(text.back()) == 'b';  // "KB", "MB"
    if (unit.size() == 2 && unit[1] != 'i') bad_size(text);                               // only "Ki", "Mi", ...
    for (size_t p = 0; p <= power; ++p) multiplier *= decimal ? 1000 : 1024;
  }
  u128 bytes = number.times(multiplier);
  if (bytes > std::numeric_limits<uint64_t>::max()) bad_size(text);
  return static_cast<uint64_t>(bytes);
}

std::string format_size(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes == 0) return "0";
  int unit = -1;
  while (unit + 1 < 6 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + (unit >= 0 ? kUnits[unit] : "");
}

CountOrDuration parse_count_or_duration(std::string_view text) {
  auto fail = [&]() -> CountOrDuration {
    throw UsageError("invalid value '" + std::string(text) +
                     "': expected a record count such as 10000 or a duration such as 30s");
  };
  if (text.empty()) return fail();
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && is_digit(c);
  CountOrDuration result;
  if (all_digits) {
    size_t i = 0;
    Decimal number;
    if (!read_decimal(text, i, number)) return fail();
    result.is_count = true;
    result.count = number.whole;
    return result;
  }
  try {
    result.is_count = false;
    result.duration = parse_duration(text);
  } catch (const UsageError&) {
    return fail();
  }
  return result;
}

}  // namespace sp
