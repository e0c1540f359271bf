// The join key of a record: the canonical JSON of each key field (so 1 and
// 1.0 match and object member order does not matter), joined by a 0x1e byte
// (which canonical text never contains unescaped).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_canonical.h"
#include "libcommon/json_record.h"

namespace sp {

enum class KeyStatus { Ok, Missing, Invalid };

class JoinKey {
 public:
  explicit JoinKey(std::vector<FieldPath> fields) : fields_(std::move(fields)) {}
  // Missing when a key field is absent or null (null never matches, as in
  // SQL); Invalid on malformed JSON (`problem` says why).
  KeyStatus extract(JsonRecord& json, std::string_view text, std::string& out, std::string& problem);
  const std::vector<FieldPath>& fields() const { return fields_; }

 private:
  std::vector<FieldPath> fields_;
  JsonCanonicalizer canonicalizer_;
};

}  // namespace sp
