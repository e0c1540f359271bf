#include "tools/sp-dedup/key_extractor.h"

namespace sp {

KeyExtractor::KeyExtractor(std::vector<FieldPath> fields, bool raw)
    : fields_(std::move(fields)), raw_(raw), scan_(scan_for_key(fields_)) {}

bool KeyExtractor::scan(std::string_view text, std::string_view& key) {
  PlainMemberScan::Value value;
  if (!scan_ || !scan_->find(text, value)) return false;
  buffer_.assign(1, '[');
  if (value.kind == PlainMemberScan::Value::Kind::String) {
    // A string without escapes is its own canonical JSON, and its raw bytes.
    buffer_ += '"';
    buffer_ += value.text;
    buffer_ += '"';
  } else if (raw_) {
    buffer_ += value.text;
  } else if (!append_canonical_integer(value.text, buffer_)) {
    return false;  // past 64 bits: canonical through its double, as the parse does
  }
  buffer_ += ']';
  key = buffer_;
  return true;
}

KeyStatus KeyExtractor::extract(std::string_view text, JsonRecord& json, std::string_view& key,
                                std::string& problem) {
  if (fields_.empty()) {
    if (raw_) {
      key = text;
      return KeyStatus::Ok;
    }
    buffer_.clear();
    if (auto error = canonicalizer_.append(json.document(), buffer_, text)) {
      problem = std::string("invalid JSON: ") + simdjson::error_message(error);
      return KeyStatus::Invalid;
    }
    key = buffer_;
    return KeyStatus::Ok;
  }
  buffer_.clear();
  buffer_ += '[';
  for (size_t i = 0; i < fields_.size(); ++i) {
    simdjson::ondemand::value value;
    auto error = json.find(fields_[i], value);
    if (error == simdjson::NO_SUCH_FIELD || error == simdjson::INCORRECT_TYPE) {
      problem = "missing key field '" + fields_[i].text() + "'";
      return KeyStatus::Missing;
    }
    if (i) buffer_ += ',';
    if (!error) {
      if (raw_) {
        std::string_view bytes;
        error = raw_json_of(value, bytes);
        if (!error) buffer_ += bytes;
      } else {
        error = canonicalizer_.append(value, buffer_, text);
      }
    }
    if (error) {
      problem = std::string("invalid JSON: ") + simdjson::error_message(error);
      return KeyStatus::Invalid;
    }
  }
  buffer_ += ']';
  key = buffer_;
  return KeyStatus::Ok;
}

}  // namespace sp
