// NDJSON record access as every tool does it: field paths, JsonRecord (find,
// raw_json_of, validate_object) and event-time extraction. The input is
// "PATH\nRECORD" when its first line is a valid field path, else the whole
// input is the record and the path is "a". Checks that a record which
// validates is an object, and that the raw JSON of any field found in it is
// itself valid JSON. The whole input, split into lines, is also validated
// as one batch (JsonValidator::all_objects): when the batch passes, every
// line must pass on its own. A record that loads must be valid UTF-8: the
// driver leaves UTF-8 to the load (LineCheck::NulOnly). For a one-name path,
// the member scan (json_member_scan.h) must read only the record, and what
// it finds in a record that validates must be the string, or the integer
// token, simdjson finds; so must what the scan for several names finds
// (check_members_scan).
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/errors.h"
#include "libcommon/event_time.h"
#include "libcommon/json_member_scan.h"
#include "libcommon/json_record.h"

namespace {

sp::FieldPath path_of(std::string_view& input) {
  size_t newline = input.find('\n');
  if (newline != std::string_view::npos) {
    try {
      sp::FieldPath path = sp::FieldPath::parse(input.substr(0, newline));
      input.remove_prefix(newline + 1);
      return path;
    } catch (const sp::UsageError&) {
    }
  }
  return sp::FieldPath::parse("a");
}

// Splits like the line splitter (one trailing '\r' off, empty lines out).
void check_batch(std::string_view input) {
  static sp::JsonValidator batch_validator;
  static sp::JsonValidator line_validator;
  std::string text(input);
  text.append(simdjson::SIMDJSON_PADDING, '\0');
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    size_t stop = end;
    if (stop > start && input[stop - 1] == '\r') --stop;
    if (stop > start) lines.emplace_back(text.data() + start, stop - start);
    start = end + 1;
  }
  if (!batch_validator.all_objects(lines)) return;
  std::string reason;
  for (std::string_view line : lines) {
    if (!line_validator.validate_object(line, reason)) std::abort();
  }
}

void check_member_scan(std::string_view line, const sp::FieldPath& path) {
  static sp::JsonRecord parsed;
  if (path.segments().size() != 1) return;
  // Exactly as long as the record, so that ASan sees any read past it.
  std::vector<char> exact(line.begin(), line.end());
  const std::string_view own(exact.data(), exact.size());
  sp::PlainMemberScan::Value found;
  if (!sp::PlainMemberScan(path.segments()[0]).find(own, found)) return;
  const std::string_view contents = found.text;
  if (contents.data() < own.data() || contents.data() + contents.size() > own.data() + own.size()) std::abort();
  std::string reason;
  if (parsed.load(line) || !parsed.validate_object(reason)) return;  // `line` has the padding a load needs
  simdjson::ondemand::value value;
  if (parsed.find(path, value)) std::abort();
  std::string_view expected;
  if (found.kind == sp::PlainMemberScan::Value::Kind::String) {
    if (value.get_string().get(expected) || expected != contents) std::abort();
    return;
  }
  // An integer: a number whose token is the one found.
  simdjson::ondemand::json_type type;
  if (value.type().get(type) || type != simdjson::ondemand::json_type::number) std::abort();
  if (sp::trimmed_raw_token(value) != contents) std::abort();
}

// The scan for several names (the path's and "ts"), as sp-window's driver
// runs it: in a record that validates, each value found must be what the
// parse reads (a number's token, and its double bit for bit as simdjson
// reads it, with correct_long_number's correction), and a time
// the scan reads must be the time extract() reads from the parse.
void check_members_scan(std::string_view line, const sp::FieldPath& path) {
  static sp::JsonRecord parsed;
  if (path.segments().size() != 1) return;
  const sp::FieldPath ts = sp::FieldPath::parse("ts");
  std::vector<std::string> names{path.segments()[0]};
  std::vector<sp::FieldPath> paths{path};  // not parsed from the name: "a\\.b" names one member
  if (names[0] != "ts") {
    names.emplace_back("ts");
    paths.push_back(ts);
  }
  sp::PlainMembersScan scan(names);
  if (!scan.usable()) return;
  std::vector<char> exact(line.begin(), line.end());
  const std::string_view own(exact.data(), exact.size());
  std::vector<sp::ScannedMember> found(names.size());
  if (!scan.find(own, found)) return;
  for (const auto& v : found) {
    if (v.text.data() < own.data() || v.text.data() + v.text.size() > own.data() + own.size()) std::abort();
  }
  std::string reason;
  if (parsed.load(line) || !parsed.validate_object(reason)) return;
  for (size_t i = 0; i < names.size(); ++i) {
    parsed.document().rewind();
    simdjson::ondemand::value value;
    if (parsed.find(paths[i], value)) std::abort();
    const sp::ScannedMember& v = found[i];
    if (v.kind == sp::ScannedMember::Kind::String) {
      std::string_view expected;
      if (value.get_string().get(expected) || expected != v.text) std::abort();
      continue;
    }
    if (sp::trimmed_raw_token(value) != v.text) std::abort();
    if (v.integral != (v.text.find_first_of(".eE") == std::string_view::npos)) std::abort();
    double expected = 0;
    if (value.get_double().get(expected)) std::abort();
    sp::correct_long_number(v.text, expected);
    if (std::memcmp(&expected, &v.number, sizeof expected) != 0) std::abort();
  }
  const size_t t = names[0] == "ts" ? 0 : 1;
  for (const char* format : {"auto", "epoch_ms", "rfc3339"}) {
    sp::Nanos from_scan = 0, from_parse = 0;
    sp::EventTimeExtractor scanning(ts, sp::TimeFormat::parse(format)), parsing(ts, sp::TimeFormat::parse(format));
    if (!scanning.extract(found[t], from_scan)) continue;
    if (parsed.load(line) || !parsing.extract(parsed, from_parse, reason) || from_parse != from_scan) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static sp::JsonRecord record;
  static simdjson::dom::parser checker;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  check_batch(input);
  try {
    (void)sp::parse_field_list(input.substr(0, input.find('\n')));
  } catch (const sp::UsageError&) {
  }
  sp::FieldPath path = path_of(input);

  // Padded like the input reader's buffers.
  std::string text(input);
  text.append(simdjson::SIMDJSON_PADDING, '\0');
  std::string_view line(text.data(), input.size());
  check_member_scan(line, path);
  check_members_scan(line, path);
  if (record.load(line)) return 0;
  if (!simdjson::validate_utf8(line.data(), line.size())) std::abort();

  std::string reason;
  bool valid = record.validate_object(reason);
  if (!valid && reason.empty()) std::abort();

  simdjson::ondemand::value value;
  if (record.find(path, value) == simdjson::SUCCESS) {
    std::string_view raw;
    if (sp::raw_json_of(value, raw) == simdjson::SUCCESS && valid) {
      simdjson::dom::element e;
      if (checker.parse(std::string(raw)).get(e)) std::abort();
    }
  }
  for (const char* format : {"auto", "epoch_ms", "%d/%b/%Y:%H:%M:%S %z"}) {
    // Loaded afresh, as the driver does per record: after a structural error
    // simdjson's document is not usable again (the tools stop at the first).
    if (record.load(line)) return 0;
    sp::EventTimeExtractor extractor(path, sp::TimeFormat::parse(format));
    sp::Nanos t = 0;
    reason.clear();
    if (!extractor.extract(record, t, reason) && reason.empty()) std::abort();
  }
  return 0;
}
