// The key bytes of a record, as a Kafka producer would send them.
//
// One field: a string value's bytes, unescaped, in UTF-8; any other value
// (number, true/false/null, object, array) as its canonical JSON text
// (json_canonical.h: 1.0 and 1 are the same key, object member order does
// not matter). Several fields: the canonical JSON array of their values,
// e.g. ["alice",3] — unambiguous, and what `jq -c '[.f1,.f2]'` prints for
// plain values.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_canonical.h"
#include "libcommon/json_member_scan.h"
#include "libcommon/json_record.h"

namespace sp {

class PartitionKey {
 public:
  explicit PartitionKey(std::vector<FieldPath> fields);

  // Whether the key is one top-level field. Then extract(text) reads the
  // records itself: it scans each for the key (json_member_scan.h: a plain
  // string or an integer) and parses one only when the scan gives up, so
  // the driver need not parse.
  bool reads_text() const { return scan_.has_value(); }

  // For reads_text(): the key bytes of the record `text` (followed by
  // simdjson's padding, as the input reader leaves it).
  bool extract(std::string_view text, std::string_view& key, std::string& reason);

  // Fills the key bytes of the record loaded in `json`. On failure returns
  // false with `reason` set (missing field, malformed JSON).
  bool extract(JsonRecord& json, std::string_view& key, std::string& reason);

 private:
  bool append_field(JsonRecord& json, const FieldPath& field, bool as_json, std::string& reason);

  std::vector<FieldPath> fields_;
  std::optional<PlainMemberScan> scan_;
  std::unique_ptr<JsonRecord> own_json_;  // for records the scan gives up on
  JsonCanonicalizer canonical_;
  std::string buffer_;
};

}  // namespace sp
