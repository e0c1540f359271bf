#include "tools/sp-window/record_values.h"

#include "libcommon/json_writer.h"

namespace sp {

RecordValues::RecordValues(std::vector<FieldPath> by, std::vector<FieldPath> fields, std::vector<bool> needs_text)
    : by_(std::move(by)), fields_(std::move(fields)), needs_text_(std::move(needs_text)), values_(fields_.size()) {
  needs_text_.resize(fields_.size(), true);
}

namespace {

// A string token that needs no re-escaping: no backslash, no control byte.
bool plain_string_token(std::string_view raw) {
  unsigned char bad = 0;
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    bad |= static_cast<unsigned char>((c < 0x20) | (c == '\\'));
  }
  return raw.size() >= 2 && raw.back() == '"' && !bad;
}

std::string_view trimmed_token(simdjson::ondemand::value& value) {
  std::string_view raw = value.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
  return raw;
}

}  // namespace

bool RecordValues::read_one(JsonRecord& json, const FieldPath& path, bool text, FieldValue& out,
                            std::string& reason) {
  using simdjson::ondemand::json_type;
  out.text.clear();
  simdjson::ondemand::value value;
  auto error = json.find(path, value);
  if (error == simdjson::NO_SUCH_FIELD || (error == simdjson::INCORRECT_TYPE && path.segments().size() > 1)) {
    // Missing, or a parent that is not an object: treated as missing.
    out.kind = FieldValue::Kind::Missing;
    out.text = "null";
    return true;
  }
  json_type type{};
  if (!error) error = value.type().get(type);
  if (error) {
    reason = std::string("cannot read field '") + path.text() + "': " + simdjson::error_message(error);
    return false;
  }
  switch (type) {
    case json_type::null:
      out.kind = FieldValue::Kind::Null;
      out.text = "null";
      return true;
    case json_type::number: {
      if (auto e = value.get_double().get(out.number)) {
        reason = std::string("field '") + path.text() + "' is not a valid number: " + simdjson::error_message(e);
        return false;
      }
      out.kind = FieldValue::Kind::Number;
      if (!text) return true;
      std::string_view raw = trimmed_token(value);
      bool integer = raw.find_first_of(".eE") == std::string_view::npos;
      if (integer) {
        out.text.assign(raw);
      } else {
        append_json_number(out.text, out.number);
      }
      return true;
    }
    case json_type::string: {
      out.kind = FieldValue::Kind::Other;
      if (!text) return true;
      std::string_view raw = trimmed_token(value);
      if (plain_string_token(raw)) {
        out.text.assign(raw);
        return true;
      }
      std::string_view s;
      if (auto e = value.get_string().get(s)) {
        reason = std::string("field '") + path.text() + "' is not a valid string: " + simdjson::error_message(e);
        return false;
      }
      append_json_string(out.text, s);
      return true;
    }
    default: {
      std::string_view raw;
      if (auto e = raw_json_of(value, raw)) {
        reason = std::string("cannot read field '") + path.text() + "': " + simdjson::error_message(e);
        return false;
      }
      out.kind = FieldValue::Kind::Other;
      out.text.assign(raw);
      return true;
    }
  }
}

bool RecordValues::read(JsonRecord& json, std::string& reason) {
  key_.clear();
  for (const auto& path : by_) {
    if (!read_one(json, path, true, scratch_, reason)) return false;
    key_ += scratch_.text;
    key_.push_back('\0');
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!read_one(json, fields_[i], needs_text_[i], values_[i], reason)) return false;
  }
  return true;
}

}  // namespace sp
