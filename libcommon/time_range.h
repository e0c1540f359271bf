// The range of event times sp accepts, and the longest duration it adds to
// them (window sizes, --max-delay, --within, ...): bounded so that an event
// time plus a few such durations never overflows int64 nanoseconds. Event
// times lie within +-2^62 ns of the epoch (1823-11-12 .. 2116-02-20); a
// record whose time is outside is rejected. Durations are at most 2^60 ns
// (13343 days, about 36 years).
#pragma once
#include <string_view>

#include "libcommon/units.h"

namespace sp {

// Symmetric and just inside 2^62, so the difference of two event times fits too.
inline constexpr Nanos kMaxEventTime = (Nanos{1} << 62) - 1;
inline constexpr Nanos kMinEventTime = -kMaxEventTime;
inline constexpr Nanos kMaxTimeSpan = Nanos{1} << 60;

// parse_duration for a duration applied to event time: also throws
// UsageError, naming `option`, beyond kMaxTimeSpan.
Nanos parse_time_span(std::string_view text, std::string_view option);

}  // namespace sp
