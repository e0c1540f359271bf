// Finding one top-level member of an NDJSON record, or a few, by reading
// the record only as far as those members.
//
// simdjson indexes a whole record (its stage 1) before it can find any
// field; for a tool that needs a few short fields near the start of a long
// record, such as the key of sp-partition or sp-dedup, or the time, group
// and values of sp-window, that indexing is most of the cost of the record.
// This scan reads the members up to the last wanted one and stops.
// It answers only in the plain case and otherwise gives up, leaving the
// record to simdjson, which then decides (and words any error) as before.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_record.h"

namespace sp {

class PlainMemberScan {
 public:
  // `name`: a top-level member name. A name holding '"', '\' or a byte
  // below 0x20 is never found by the scan (simdjson compares such names
  // with the escaped key text; the scan leaves them to it).
  explicit PlainMemberScan(std::string_view name);

  // What find() found: a string without escapes (`text` is its bytes), or
  // an integer (`text` is its token, e.g. "-42": no fraction, no exponent,
  // no leading zero).
  struct Value {
    enum class Kind { String, Integer } kind;
    std::string_view text;  // a view into the record
  };

  // True, with `value` set, when the first member named `name` of the
  // object `text` holds a string without escapes or an integer, and
  // everything read up to the end of that value is plainly formed: members
  // separated by commas; keys without escapes; strings without a byte
  // below 0x20; brackets that match; and the text ends with '}' (so a line
  // cut short is left to simdjson). False means "not known here", never
  // "the record is bad". What lies between the value and the last '}' is
  // not read: a record malformed only there passes, as the parts no tool
  // reads do (see "How much of a record is checked" in sp(7)), where
  // simdjson would also have checked the strings of the whole record.
  // UTF-8 is the input reader's check. Reads only within `text`.
  bool find(std::string_view text, Value& value) const;

  bool usable() const { return usable_; }

 private:
  std::string name_;
  bool usable_;
};

// What PlainMembersScan found for one name.
struct ScannedMember {
  enum class Kind : uint8_t { String, Number } kind = Kind::String;
  std::string_view text;  // String: its bytes (no escapes); Number: its token
  bool integral = false;  // Number: no fraction, no exponent
  double number = 0;      // Number: its value, correctly rounded (as simdjson reads it)
};

// The same scan for several top-level names at once, for a tool that reads
// a few short fields of each record (sp-window's time, group keys and
// aggregated values) and would otherwise parse it. Numbers of any JSON
// form are read too.
class PlainMembersScan {
 public:
  // At most 64 names, none repeated; usable() is false when a name cannot
  // be found by the scan (see PlainMemberScan).
  explicit PlainMembersScan(std::vector<std::string> names);

  // True, with `values[i]` set for names[i], when the first member of each
  // name holds a string without escapes or a number whose value is within
  // the range of a double, and the record is plainly formed up to the last
  // of them, as PlainMemberScan::find() says. A name that is missing makes
  // it false: the parse tells a missing field from a bad one.
  // `values` has one element per name.
  bool find(std::string_view text, std::span<ScannedMember> values) const;

  bool usable() const { return usable_; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  bool usable_;
};

// The scan for a key of `fields` (--key F1,F2), when it is one top-level
// name the scan can find; else none, and records are parsed.
std::optional<PlainMemberScan> scan_for_key(const std::vector<FieldPath>& fields);

}  // namespace sp
