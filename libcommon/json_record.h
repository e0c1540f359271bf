// Reading fields of one NDJSON record in place with simdjson On-Demand.
// One JsonRecord is reused for every record (its parser keeps its buffers),
// and the record text is parsed where it lies in the input buffer: the input
// reader guarantees SIMDJSON_PADDING readable bytes after every line.
#pragma once
#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace sp {

// A field path such as `a.b.c` (a literal dot in a name is written `\.`).
class FieldPath {
 public:
  FieldPath() = default;
  // Throws UsageError for an empty path or an empty segment, naming
  // `option` (the option the path came from, e.g. "--key") when given.
  static FieldPath parse(std::string_view spec, std::string_view option = {});

  const std::vector<std::string>& segments() const { return segments_; }
  const std::string& text() const { return text_; }
  bool empty() const { return segments_.empty(); }

 private:
  std::vector<std::string> segments_;
  std::string text_;
};

// Parses a comma-separated list of field paths ("user,geo.country").
std::vector<FieldPath> parse_field_list(std::string_view spec, std::string_view option = {});

// Full validation of one record: well-formed JSON (UTF-8 included), an
// object at the top, nothing after it. Needs no On-Demand pass first, so a
// tool that only validates pays for one simdjson parse per record.
class JsonValidator {
 public:
  // On failure `reason` says what is wrong.
  bool validate_object(std::string_view text, std::string& reason);
  // The same check, told as simdjson's error (SUCCESS: well-formed JSON)
  // and whether the value is an object.
  simdjson::error_code check_object(std::string_view text, bool& is_object);
  // Whether every one of `lines` is one valid JSON object, checked in a
  // single simdjson pass over the batch (stage 1 runs once, not per line).
  // False also when that cannot be told at once (a line with an issue, an
  // error anywhere): validate_object() per line then says which and why.
  // The lines must lie in order in one buffer with SIMDJSON_PADDING
  // readable bytes after the last, as the input reader hands them out.
  bool all_objects(const std::vector<std::string_view>& lines);

 private:
  simdjson::dom::parser parser_;
};

class JsonRecord {
 public:
  // Starts reading `text` (which must be followed by SIMDJSON_PADDING
  // readable bytes). Cheap: simdjson indexes the record lazily.
  simdjson::error_code load(std::string_view padded_text);
  std::string_view text() const { return text_; }

  // Finds the value at `path`, in any order across calls (the document is
  // rewound first). NO_SUCH_FIELD when absent; INCORRECT_TYPE when a parent
  // is not an object, or the record itself is not an object.
  simdjson::error_code find(const FieldPath& path, simdjson::ondemand::value& out);

  // Full validation: well-formed JSON, an object at the top, nothing after
  // it. On failure `reason` says what is wrong.
  bool validate_object(std::string& reason) { return validator_.validate_object(text_, reason); }

  simdjson::ondemand::document& document() { return doc_; }

 private:
  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  JsonValidator validator_;
  std::string_view text_;
};

// The compact JSON text of a value: the raw bytes for scalars, objects and
// arrays as they appear in the record (not re-serialised).
simdjson::error_code raw_json_of(simdjson::ondemand::value& value, std::string_view& out);

// A value's raw token without the whitespace simdjson leaves after it
// (a string's token is the string with its quotes).
std::string_view trimmed_raw_token(simdjson::ondemand::value& value);

// Call after simdjson's get_double() read `number` from the number token
// `token`. simdjson 3.0.1 (Debian 12's) misreads some numbers of more than 19
// digits (upstream issue 2093: 0.95000000000000000000 reads as 0.0276628);
// those are read again here with std::from_chars, which rounds correctly.
// Shorter tokens, all but a few in practice, cost one length check.
void correct_long_number(std::string_view token, double& number);

// A string token (quotes included) with no backslash holds its string's
// bytes as they are: then `contents` is set to them (no unescaping copy).
bool unescaped_string_contents(std::string_view token, std::string_view& contents);

}  // namespace sp
