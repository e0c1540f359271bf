#include "libcommon/event_time.h"

#include <algorithm>

#include "libcommon/time_range.h"

namespace sp {

namespace {

// Event times beyond kMin/kMaxEventTime are refused, so window, horizon and
// join arithmetic on them cannot overflow.
bool supported(Nanos t) { return t >= kMinEventTime && t <= kMaxEventTime; }

bool in_range(const FieldPath& field, Nanos t, std::string_view text, std::string& reason) {
  if (supported(t)) return true;
  reason = "time field '" + field.text() + "' is outside the supported range 1823-11-12 .. 2116-02-20: " +
           std::string(text.substr(0, 64));
  return false;
}

}  // namespace

bool EventTimeExtractor::extract(JsonRecord& record, Nanos& out, std::string& reason) {
  simdjson::ondemand::value value;
  auto error = record.find(field_, value);
  if (error == simdjson::NO_SUCH_FIELD) {
    reason = "missing time field '" + field_.text() + "'";
    return false;
  }
  if (error) {
    // A record that is not a JSON object at all says so, rather than that
    // its time field could not be read.
    if (!record.validate_object(reason)) return false;
    reason = "cannot read time field '" + field_.text() + "': " + simdjson::error_message(error);
    return false;
  }
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) {
    reason = "cannot read time field '" + field_.text() + "'";
    return false;
  }
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view text;
    if (!value.get_string().get(text) && parse_time_string(format_, text, out, &minutes_)) {
      return in_range(field_, out, text, reason);
    }
    reason = "time field '" + field_.text() + "' is not a valid time: \"" + std::string(text.substr(0, 64)) + "\"";
    return false;
  }
  if (type == simdjson::ondemand::json_type::number) {
    std::string_view literal = value.raw_json_token();
    while (!literal.empty() && (literal.back() == ' ' || literal.back() == '\t')) literal.remove_suffix(1);
    double number = 0;
    const bool read = !value.get_double().get(number);
    if (read) correct_long_number(literal, number);
    if (read && parse_time_number(format_, number, literal, out)) {
      return in_range(field_, out, literal, reason);
    }
    reason = "time field '" + field_.text() + "' is not a valid time: " + std::string(literal.substr(0, 64));
    return false;
  }
  reason = "time field '" + field_.text() + "' is neither a string nor a number";
  return false;
}

bool EventTimeExtractor::extract(const ScannedMember& value, Nanos& out) {
  const bool valid = value.kind == ScannedMember::Kind::String
                         ? parse_time_string(format_, value.text, out, &minutes_)
                         : parse_time_number(format_, value.number, value.text, out);
  return valid && supported(out);
}

void WatermarkTracker::observe(Nanos t, Nanos now) {
  last_arrival_ = now;
  if (t <= max_event_time_) return;
  max_event_time_ = t;
  // Saturate instead of overflowing for times near the int64 limits.
  Nanos candidate = t < kNoTime + max_delay_ ? kNoTime : t - max_delay_;
  watermark_ = std::max(watermark_, candidate);
}

bool WatermarkTracker::on_quiet(Nanos now) {
  if (idle_timeout_ <= 0 || last_arrival_ == kNoTime || max_event_time_ == kNoTime) return false;
  Nanos quiet = now - last_arrival_;
  if (quiet < idle_timeout_) return false;
  // Event time is assumed to move on at wall-clock pace since the last record.
  Nanos candidate = max_event_time_ + quiet - max_delay_;
  if (candidate <= watermark_) return false;
  watermark_ = candidate;
  return true;
}

bool WatermarkTracker::advance_to(Nanos watermark) {
  if (watermark <= watermark_) return false;
  watermark_ = watermark;
  return true;
}

void WatermarkTracker::restore(Nanos watermark) {
  watermark_ = watermark;
  if (watermark != kNoTime) max_event_time_ = watermark + max_delay_;
}

}  // namespace sp
