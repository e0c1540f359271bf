#include "tools/sp-gen/rate.h"

#include <charconv>
#include <string>

#include "libcommon/errors.h"

namespace sp::gen {

Nanos Rate::spacing() const {
  const Nanos s = period / static_cast<Nanos>(count);
  return s > 0 ? s : 1;
}

Rate parse_rate(std::string_view text) {
  const auto bad = [&] {
    return UsageError("--rate: expected N/s, N/m or N/h with N a positive integer (e.g. 100/s), got '" +
                      std::string(text) + "'");
  };
  Rate rate;
  const auto slash = text.find('/');
  const std::string_view number = text.substr(0, slash);
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), rate.count);
  if (ec != std::errc() || end != number.data() + number.size() || rate.count == 0) throw bad();
  if (slash != std::string_view::npos) {
    const std::string_view unit = text.substr(slash + 1);
    if (unit == "s") rate.period = kNanosPerSecond;
    else if (unit == "m") rate.period = kNanosPerMinute;
    else if (unit == "h") rate.period = kNanosPerHour;
    else throw bad();
  }
  if (rate.count > 1'000'000'000) throw UsageError("--rate: at most 1000000000/s");
  return rate;
}

uint64_t Pacer::due(Nanos now) const {
  if (now < start_) return 0;
  const auto elapsed = static_cast<unsigned __int128>(now - start_);
  return static_cast<uint64_t>(elapsed * rate_.count / static_cast<uint64_t>(rate_.period)) + 1;
}

Nanos Pacer::due_at(uint64_t index) const {
  const auto offset = static_cast<unsigned __int128>(index) * static_cast<uint64_t>(rate_.period) / rate_.count;
  return start_ + static_cast<Nanos>(offset);
}

}  // namespace sp::gen
