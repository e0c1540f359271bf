// Reads the fields sp-window needs from one record: the group key bytes and
// the values the aggregates take, into buffers reused across records.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_member_scan.h"
#include "libcommon/json_record.h"

namespace sp {

struct FieldValue {
  enum class Kind : uint8_t { Missing, Null, Number, Other };
  Kind kind = Kind::Missing;
  double number = 0;
  // Canonical JSON of the value: strings re-escaped from their decoded form,
  // integers as written, other numbers in shortest round-trip form, objects
  // and arrays as they appear. "null" when missing.
  std::string text;
};

class RecordValues {
 public:
  // `needs_text[i]`: whether fields[i]'s canonical text is used (first,
  // last, distinct...); numeric-only fields skip building it.
  RecordValues(std::vector<FieldPath> by, std::vector<FieldPath> fields, std::vector<bool> needs_text);

  // Reads the loaded record. Returns false (with `reason`) only when the
  // record is not a JSON object.
  bool read(JsonRecord& json, std::string& reason);

  // The top-level names read, one per field (a name both grouped on and
  // aggregated once), for the driver's record scan: an empty list when no
  // field is read (only the time is then scanned for); nullopt when a path
  // is nested or a --by field repeats, and records are always parsed.
  std::optional<std::vector<std::string>> scanned_names() const;
  // Reads what the scan found: `members[i]` is the value of scanned_names()[i].
  void read_scanned(const ScannedMember* members);

  // Group key: the by-values' canonical JSON, each followed by '\0' (no JSON
  // text contains a NUL byte, so bytewise order is the order of the tuples).
  std::string_view group_key() const { return key_; }
  const FieldValue& value(int field) const { return values_[static_cast<size_t>(field)]; }

 private:
  bool read_one(JsonRecord& json, const FieldPath& path, bool text, FieldValue& out, std::string& reason);
  bool read_value(simdjson::ondemand::value& value, const FieldPath& path, bool text, FieldValue& out,
                  std::string& reason);
  bool read_single_pass(JsonRecord& json, std::string& reason);
  enum class Fast { Done, Rejected, NotApplicable };
  Fast read_in_order(simdjson::ondemand::object& object, std::string_view text, std::string& reason);
  // Reads target t's value into its by-value and/or field value.
  bool store(size_t t, simdjson::ondemand::value& value, std::string& reason);
  void finish_key();  // key_ from by_values_

  struct Target {
    std::string name;
    std::string quoted;  // "name", as it appears as a key
    int by = -1;     // index into by_
    int field = -1;  // index into fields_
    bool text = false;
  };
  bool single_pass_ = false;
  std::vector<Target> targets_;
  std::vector<bool> found_;
  std::vector<size_t> order_;  // targets in the order the last full pass found them
  std::vector<FieldValue> by_values_;

  std::vector<FieldPath> by_;
  std::vector<FieldPath> fields_;
  std::vector<bool> needs_text_;
  std::vector<FieldValue> values_;
  FieldValue scratch_;
  std::string key_;
};

// Splits a group key back into its values' JSON texts.
template <typename F>
void for_each_key_part(std::string_view key, F&& f) {
  size_t start = 0;
  while (start < key.size()) {
    size_t nul = key.find('\0', start);
    f(key.substr(start, nul - start));
    start = nul + 1;
  }
}

}  // namespace sp
