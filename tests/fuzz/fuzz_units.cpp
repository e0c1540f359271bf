// Fuzzes duration, event-time span, size and count-or-duration parsing: bad
// input may only throw UsageError, and whatever parses must format back to
// the same value.
#include "libcommon/errors.h"
#include "libcommon/time_range.h"
#include "libcommon/units.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    sp::Nanos d = sp::parse_duration(text);
    if (d < 0 || sp::parse_duration(sp::format_duration(d)) != d) std::abort();
  } catch (const sp::UsageError&) {
  }
  try {
    sp::Nanos d = sp::parse_time_span(text, "--within");
    if (d < 0 || d > sp::kMaxTimeSpan || sp::parse_duration(text) != d) std::abort();
  } catch (const sp::UsageError&) {
  }
  try {
    uint64_t bytes = sp::parse_size(text);
    if (sp::parse_size(sp::format_size(bytes)) != bytes) std::abort();
  } catch (const sp::UsageError&) {
  }
  try {
    sp::CountOrDuration v = sp::parse_count_or_duration(text);
    if (!v.is_count && v.duration < 0) std::abort();
  } catch (const sp::UsageError&) {
  }
  return 0;
}
