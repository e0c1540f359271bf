// The key bytes of a record, as a Kafka producer would send them.
//
// One field: a string value's bytes, unescaped, in UTF-8; any other value
// (number, true/false/null, object, array) as its canonical JSON text
// (json_canonical.h: 1.0 and 1 are the same key, object member order does
// not matter). Several fields: the canonical JSON array of their values,
// e.g. ["alice",3] — unambiguous, and what `jq -c '[.f1,.f2]'` prints for
// plain values.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_canonical.h"
#include "libcommon/json_record.h"

namespace sp {

class PartitionKey {
 public:
  explicit PartitionKey(std::vector<FieldPath> fields) : fields_(std::move(fields)) {}

  // Fills the key bytes of the record loaded in `json`. On failure returns
  // false with `reason` set (missing field, malformed JSON).
  bool extract(JsonRecord& json, std::string_view& key, std::string& reason);

 private:
  bool append_field(JsonRecord& json, const FieldPath& field, bool as_json, std::string& reason);

  std::vector<FieldPath> fields_;
  JsonCanonicalizer canonical_;
  std::string buffer_;
};

}  // namespace sp
