#include "tools/sp-partition/partition_key.h"

namespace sp {

PartitionKey::PartitionKey(std::vector<FieldPath> fields)
    : fields_(std::move(fields)), scan_(scan_for_key(fields_)) {
  if (scan_) own_json_ = std::make_unique<JsonRecord>();
}

bool PartitionKey::extract(std::string_view text, std::string_view& key, std::string& reason) {
  PlainMemberScan::Value value;
  if (scan_->find(text, value)) {
    if (value.kind == PlainMemberScan::Value::Kind::String) {
      key = value.text;
      return true;
    }
    buffer_.clear();
    if (append_canonical_integer(value.text, buffer_)) {
      key = buffer_;
      return true;
    }
  }
  // As the driver rejects a record that does not load.
  if (auto error = own_json_->load(text)) {
    reason = std::string("invalid JSON: ") + simdjson::error_message(error);
    return false;
  }
  return extract(*own_json_, key, reason);
}

bool PartitionKey::append_field(JsonRecord& json, const FieldPath& field, bool as_json, std::string& reason) {
  simdjson::ondemand::value value;
  auto error = json.find(field, value);
  if (error == simdjson::NO_SUCH_FIELD) {
    reason = "missing key field " + field.text();
    return false;
  }
  if (error == simdjson::INCORRECT_TYPE) {
    reason = "key field " + field.text() + ": the record or a parent field is not an object";
    return false;
  }
  if (error) {
    reason = std::string("invalid JSON: ") + simdjson::error_message(error);
    return false;
  }
  simdjson::ondemand::json_type type;
  if (auto e = value.type().get(type)) {
    reason = std::string("invalid JSON: ") + simdjson::error_message(e);
    return false;
  }
  if (type == simdjson::ondemand::json_type::string && !as_json) {
    std::string_view text;
    if (auto e = value.get_string().get(text)) {
      reason = "key field " + field.text() + ": bad string: " + simdjson::error_message(e);
      return false;
    }
    buffer_.append(text);
    return true;
  }
  if (auto e = canonical_.append(value, buffer_, json.text())) {
    reason = "key field " + field.text() + ": invalid JSON: " + simdjson::error_message(e);
    return false;
  }
  return true;
}

bool PartitionKey::extract(JsonRecord& json, std::string_view& key, std::string& reason) {
  buffer_.clear();
  if (fields_.size() == 1) {
    if (!append_field(json, fields_[0], false, reason)) return false;
  } else {
    buffer_.push_back('[');
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (i > 0) buffer_.push_back(',');
      if (!append_field(json, fields_[i], true, reason)) return false;
    }
    buffer_.push_back(']');
  }
  key = buffer_;
  return true;
}

}  // namespace sp
