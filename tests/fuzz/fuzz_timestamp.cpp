// Fuzzes every timestamp reader. The input is "PATTERN\nTEXT": PATTERN is
// tried as a --time-format spec, TEXT is read with it and with every named
// format. Checks that whatever parses formats without overflow, that
// RFC 3339 output reads back to the same instant, and that the minute cache
// reads every time as parse_rfc3339 does.
#include "libcommon/errors.h"
#include "libcommon/timestamp.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

void check_formats(sp::Nanos t) {
  char buf[sp::kTimeBufferSize];
  for (auto f : {sp::TimeOutFormat::Rfc3339, sp::TimeOutFormat::EpochMs, sp::TimeOutFormat::EpochNs}) {
    size_t n = sp::format_time(t, f, buf);
    if (n >= sp::kTimeBufferSize || buf[n] != '\0') std::abort();
  }
  sp::Nanos back = 0;
  if (!sp::parse_rfc3339(sp::format_rfc3339_ns(t), back) || back != t) std::abort();
  if (!sp::parse_rfc3339(sp::format_rfc3339_ms(t), back) || back > t || t - back >= 1'000'000) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view spec = newline == std::string_view::npos ? std::string_view("auto") : input.substr(0, newline);
  std::string_view text = newline == std::string_view::npos ? input : input.substr(newline + 1);

  sp::Nanos t = 0;
  // The minute cache must read every time as parse_rfc3339 does: primed
  // with the text's own minute (":00Z" after its first 16 bytes), then the text.
  sp::Rfc3339MinuteCache minutes;
  std::string primer = std::string(text.substr(0, 16)) + ":00Z";
  for (std::string_view one : {std::string_view(primer), text, text}) {
    sp::Nanos plain = 0, cached = 0;
    bool ok = sp::parse_rfc3339(one, plain);
    if (minutes.parse(one, cached) != ok || (ok && cached != plain)) std::abort();
  }
  if (sp::parse_rfc3339(text, t)) {
    check_formats(t);
    sp::Nanos via_auto = 0;
    if (!sp::parse_time_string(sp::TimeFormat::parse("auto"), text, via_auto) || via_auto != t) std::abort();
  }
  for (const char* named : {"auto", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns"}) {
    sp::TimeFormat format = sp::TimeFormat::parse(named);
    if (sp::parse_time_string(format, text, t)) check_formats(t);
    std::string copy(text);  // NUL-terminated for strtod
    if (sp::parse_time_number(format, std::strtod(copy.c_str(), nullptr), text, t)) check_formats(t);
  }
  try {
    sp::TimeFormat format = sp::TimeFormat::parse(spec);
    format.default_year = 2024;
    if (sp::parse_time_string(format, text, t)) check_formats(t);
    if (sp::parse_time_number(format, 0.0, text, t)) check_formats(t);
  } catch (const sp::UsageError&) {
  }
  return 0;
}
