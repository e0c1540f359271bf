#include "tools/sp-join/join_key.h"

namespace sp {

KeyStatus JoinKey::extract(JsonRecord& json, std::string_view text, std::string& out, std::string& problem) {
  out.clear();
  for (size_t i = 0; i < fields_.size(); ++i) {
    simdjson::ondemand::value value;
    auto error = json.find(fields_[i], value);
    if (error == simdjson::NO_SUCH_FIELD || error == simdjson::INCORRECT_TYPE) return KeyStatus::Missing;
    if (!error) {
      bool is_null = false;
      if (value.is_null().get(is_null) == simdjson::SUCCESS && is_null) return KeyStatus::Missing;
      if (i) out += '\x1e';
      error = canonicalizer_.append(value, out, text);
    }
    if (error) {
      problem = std::string("invalid JSON: ") + simdjson::error_message(error);
      return KeyStatus::Invalid;
    }
  }
  return KeyStatus::Ok;
}

}  // namespace sp
