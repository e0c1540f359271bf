#include "libcommon/time_range.h"

#include <string>

#include "libcommon/errors.h"

namespace sp {

Nanos parse_time_span(std::string_view text, std::string_view option) {
  Nanos d = 0;
  try {
    d = parse_duration(text);
  } catch (const UsageError& e) {
    throw UsageError(std::string(option) + ": " + e.what());  // which option the value was for
  }
  if (d > kMaxTimeSpan) {
    throw UsageError(std::string(option) + " " + std::string(text) +
                     " is too long: durations applied to event time are at most 13343d (about 36 years)");
  }
  return d;
}

}  // namespace sp
