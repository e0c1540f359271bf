// Canonical JSON: one text per JSON value, so that values that mean the same
// thing compare (and hash) equal. Used for keys (sp-dedup --key, whole-record
// identity; sp-partition and sp-join can share it).
//
// The rules:
//  - objects: members sorted by their (escaped) key bytes, then by value, so
//    member order does not matter; duplicate members are kept;
//  - strings: unescaped, then re-escaped minimally (only ", \ and control
//    bytes), so "\u0041" and "A" are the same string;
//  - numbers: compared by value. Integers are exact up to 64 bits; any other
//    number is read as an IEEE double, and a double with an integral value
//    that fits in int64 is written as that integer, so 1, 1.0, 1e0 and 10E-1
//    are all "1", and -0 is "0". Other doubles: shortest round-trip text.
//    (Integers beyond 64 bits lose precision like doubles do.)
//  - true/false/null and arrays (in order) as they are; no whitespace.
// Types are never conflated: 1 and "1" differ, as do null and "null".
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace sp {

class JsonCanonicalizer {
 public:
  // Appends the canonical text of `value` to `out`. `text` is the JSON text
  // the value was parsed from (its end bounds scans for fast paths). On
  // malformed JSON returns the simdjson error (`out` then holds a partial text).
  simdjson::error_code append(simdjson::ondemand::value& value, std::string& out, std::string_view text);
  // The whole document; also checks that nothing follows the value.
  simdjson::error_code append(simdjson::ondemand::document& doc, std::string& out, std::string_view text);

 private:
  struct Member {
    uint32_t begin;      // offset of the member's `"key"` in the level's scratch
    uint32_t key_end;    // end of `"key"`
    uint32_t value_end;  // end of the value
  };
  template <class V>
  simdjson::error_code append_any(V& value, std::string& out, size_t depth);
  simdjson::error_code append_object(simdjson::ondemand::object object, std::string& out, size_t depth);
  simdjson::error_code append_array(simdjson::ondemand::array array, std::string& out, size_t depth);

  // Per nesting level: the members of the object being sorted there. Deques
  // so references stay valid as deeper levels are added.
  std::deque<std::string> scratch_;
  std::deque<std::vector<Member>> members_;
  const char* text_end_ = nullptr;
};

// The canonical text of a JSON document given as text (convenience for tests
// and fuzzing; hot paths reuse a JsonCanonicalizer). Returns false and sets
// `error` on malformed JSON.
bool canonical_json(std::string_view json, std::string& out, std::string* error = nullptr);

// The canonical form of one number token (e.g. "1.0" -> "1"). Returns false
// when `token` is not a JSON number simdjson accepts.
bool canonical_number(std::string_view token, std::string& out);

// The canonical form of a token already known to be a JSON integer (no
// fraction, no exponent), exact as the canonicalizer writes it: appends it
// and returns true when it fits 64 bits (signed or not); else false and
// nothing appended (such a number is canonicalized through its double).
bool append_canonical_integer(std::string_view token, std::string& out);

}  // namespace sp
