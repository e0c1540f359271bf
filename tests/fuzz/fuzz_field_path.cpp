// Field paths as --key, --by, --on, --by-value, --time-field and --agg name
// them: FieldPath::parse, parse_field_list and sp-join's parse_on. The first
// line of the input is the spec. Checks that a path is accepted exactly when
// no segment is empty, that escaping its segments again reads back to the
// same segments, that a list has one path per comma, that --on pairs stream
// and table keys one to one, and that JsonRecord::find reaches the value at
// the path in a record nested along it.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/errors.h"
#include "libcommon/json_record.h"
#include "tools/sp-join/join_options.h"

namespace {

// What FieldPath::parse should accept: split at dots not preceded by a
// backslash ("\." is a literal dot), no segment empty.
std::vector<std::string> expected_segments(std::string_view spec, bool& ok) {
  std::vector<std::string> segments(1);
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size() && spec[i + 1] == '.') {
      segments.back() += '.';
      ++i;
    } else if (spec[i] == '.') {
      segments.emplace_back();
    } else {
      segments.back() += spec[i];
    }
  }
  ok = true;
  for (const std::string& s : segments) ok = ok && !s.empty();
  return segments;
}

// A key that JSON writes without escapes (simdjson matches keys as written).
bool plain_key(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == '"' || c == '\\') return false;
  }
  return simdjson::validate_utf8(s.data(), s.size());
}

void check_path(std::string_view spec) {
  bool ok = false;
  std::vector<std::string> expected = expected_segments(spec, ok);
  sp::FieldPath path;
  try {
    path = sp::FieldPath::parse(spec);
  } catch (const sp::UsageError&) {
    if (ok) std::abort();  // a good path refused
    return;
  }
  if (!ok || path.segments() != expected || path.text() != spec) std::abort();

  // Escaped again, the segments read back the same (a segment ending in a
  // backslash cannot be followed by another: "\." would be a literal dot).
  std::string again;
  bool writable = true;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (i > 0) again += '.';
    for (char c : expected[i]) again += c == '.' ? std::string("\\.") : std::string(1, c);
    writable = writable && (i + 1 == expected.size() || expected[i].back() != '\\');
  }
  if (writable && sp::FieldPath::parse(again).segments() != expected) std::abort();

  // {"s1":{"s2":...{"sn":1}...}} has 1 at the path.
  for (const std::string& s : expected) {
    if (!plain_key(s)) return;
  }
  std::string json;
  for (const std::string& s : expected) json += "{\"" + s + "\":";
  json += "1";
  json.append(expected.size(), '}');
  static sp::JsonRecord record;
  std::string padded = json + std::string(simdjson::SIMDJSON_PADDING, '\0');
  if (record.load(std::string_view(padded.data(), json.size()))) std::abort();
  simdjson::ondemand::value value;
  int64_t one = 0;
  if (record.find(path, value) || value.get_int64().get(one) || one != 1) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view spec = input.substr(0, input.find('\n'));
  check_path(spec);

  size_t commas = 0;
  for (char c : spec) commas += c == ',';
  try {
    if (sp::parse_field_list(spec).size() != commas + 1) std::abort();
  } catch (const sp::UsageError&) {
  }
  try {
    std::vector<sp::FieldPath> stream, table;
    sp::parse_on({std::string(spec)}, stream, table);
    if (stream.size() != table.size() || stream.size() != commas + 1) std::abort();
  } catch (const sp::UsageError&) {
  }
  return 0;
}
