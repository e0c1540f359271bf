// The identity of a record: the canonical JSON of its --key fields (as a
// JSON array) or of the whole record; with --raw, the bytes as they are.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_canonical.h"
#include "libcommon/json_member_scan.h"
#include "libcommon/json_record.h"

namespace sp {

enum class KeyStatus { Ok, Missing, Invalid };

class KeyExtractor {
 public:
  KeyExtractor(std::vector<FieldPath> fields, bool raw);

  // Whether the record's JSON must be parsed (everything but --raw on the
  // whole record).
  bool needs_json() const { return !fields_.empty() || !raw_; }

  // Sets `key` to the key bytes (a view into the record or an internal
  // buffer, valid until the next call). Missing: `problem` names the absent
  // field; Invalid: `problem` says what is wrong with the JSON.
  KeyStatus extract(std::string_view text, JsonRecord& json, std::string_view& key, std::string& problem);

  // The key of a record, found without parsing it, when the key is one
  // top-level field holding a plain string or an integer: the scan of
  // json_member_scan.h (its "plain" cases only; false means parse and
  // extract()). `key` is then what extract() would give (["value"], [42]),
  // valid until the next call.
  bool scan(std::string_view text, std::string_view& key);

 private:
  std::vector<FieldPath> fields_;
  bool raw_;
  std::optional<PlainMemberScan> scan_;
  JsonCanonicalizer canonicalizer_;
  std::string buffer_;
};

}  // namespace sp
