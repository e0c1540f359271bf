#include "tools/sp-parse/mapping.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "libcommon/errors.h"
#include "libcommon/json_writer.h"

namespace sp {

namespace {

const char* kGroup = "Schema mapping";

std::pair<std::string, std::string> split_pair(const std::string& spec, char sep, const char* option) {
  auto at = spec.find(sep);
  if (at == std::string::npos || at == 0 || at + 1 > spec.size())
    throw UsageError(std::string(option) + " " + spec + ": expected NAME" + sep + "VALUE");
  return {spec.substr(0, at), spec.substr(at + 1)};
}

std::vector<std::string> split_list(std::string_view text, const char* option) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(',', start);
    std::string_view item = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (item.empty()) throw UsageError(std::string(option) + ": empty field name in '" + std::string(text) + "'");
    out.emplace_back(item);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

FieldType parse_type(const std::string& name, const std::string& spec) {
  if (name == "int") return FieldType::Int;
  if (name == "float") return FieldType::Float;
  if (name == "bool") return FieldType::Bool;
  if (name == "string") return FieldType::String;
  if (name == "time") return FieldType::Time;
  throw UsageError("--type " + spec + ": unknown type '" + name + "' (int, float, bool, string, time)");
}

Field* find(std::vector<Field>& fields, std::string_view name) {
  for (Field& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

void remove_named(std::vector<Field>& fields, std::string_view name, const Field* except) {
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [&](const Field& f) { return &f != except && f.name == name; }),
               fields.end());
}

// The text of a value, for messages: strings quoted, at most 64 bytes.
std::string shown(const Field& f) {
  std::string v(f.value.substr(0, 64));
  if (f.kind == ValueKind::String) return "\"" + v + "\"";
  if (f.kind == ValueKind::Null) return "null";
  return v;
}

// A --default value: a JSON literal when it parses as one (strings are
// kept unescaped, as String), else the text as a string.
void classify_default(std::string& value, ValueKind& kind) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  kind = ValueKind::String;
  if (parser.parse(value).get(e)) return;
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: value = std::string(e.get_string().value()); return;
    case simdjson::dom::element_type::NULL_VALUE: kind = ValueKind::Null; return;
    case simdjson::dom::element_type::BOOL: kind = ValueKind::Bool; return;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: kind = ValueKind::Number; return;
    default: kind = ValueKind::Json; value = simdjson::minify(e); return;
  }
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const char* reject_counter_name(RejectKind kind) {
  switch (kind) {
    case RejectKind::NotObject: return "rejected_not_object";
    case RejectKind::InvalidJson: return "rejected_invalid_json";
    case RejectKind::MissingRequired: return "rejected_missing_required";
    case RejectKind::BadType: return "rejected_bad_type";
    case RejectKind::BadTime: return "rejected_bad_time";
  }
  return "rejected_other";
}

void add_mapping_options(CLI::App& app, MappingOptions& o) {
  app.add_option("--wrap", o.wrap, "JSON input: put each non-object value (array, string, number, ...) under this field "
                                   "(without it they are rejected as \"not a JSON object\")")
      ->type_name("FIELD")->group(kGroup);
  app.add_option("--alias", o.alias, "canonical=alt1,alt2: the first present of canonical, alt1, alt2 is output as "
                                     "canonical (repeatable)")
      ->type_name("SPEC")->group(kGroup);
  app.add_option("--rename", o.rename, "old=new: rename a field (repeatable, or comma-separated)")
      ->type_name("SPEC")->delimiter(',')->group(kGroup);
  app.add_option("--keep", o.keep, "Output only these fields (comma-separated), in record order")
      ->type_name("FIELDS")->delimiter(',')->group(kGroup);
  app.add_option("--drop", o.drop, "Remove these fields (comma-separated)")
      ->type_name("FIELDS")->delimiter(',')->group(kGroup);
  app.add_option("--require", o.require, "Reject a record missing any of these fields (comma-separated)")
      ->type_name("FIELDS")->delimiter(',')->group(kGroup);
  app.add_option("--default", o.defaults, "f=value: add f when absent; value is a JSON literal if it parses as one "
                                          "(42, true, null, \"x\", {...}), else a string (repeatable)")
      ->type_name("SPEC")->group(kGroup);
  app.add_option("--type", o.types, "f:int|float|bool|string|time: convert a field; a value that does not convert "
                                    "rejects the record (repeatable, or comma-separated)")
      ->type_name("SPEC")->delimiter(',')->group(kGroup);
  app.add_flag("--flatten", o.flatten, "Nested objects become dotted keys: {\"a\":{\"b\":1}} -> {\"a.b\":1}")
      ->group(kGroup);
  app.add_option("--schema", o.schema, "A JSON file with any of the mapping options (see sp-parse(1)); command-line "
                                       "options add to it")
      ->type_name("FILE")->group(kGroup);
  app.add_option("--time-out", o.time_out, "With --time-field: rewrite the time field as rfc3339 (default, UTC, "
                                           "milliseconds), epoch_ms or epoch_ns")
      ->type_name("FORMAT")->group(kGroup);
  app.add_option("--redact", o.redact, "Replace these fields' values with \"[REDACTED]\" (comma-separated)")
      ->type_name("FIELDS")->delimiter(',')->group(kGroup);
  app.add_option("--pseudonymize", o.pseudonymize, "Replace these fields' values with the hex HMAC-SHA256 of the value "
                                                   "under a secret key (--key-file or $SP_PSEUDONYMIZE_KEY)")
      ->type_name("FIELDS")->delimiter(',')->group(kGroup);
  app.add_option("--key-file", o.key_file, "The --pseudonymize key: this file's bytes (a final newline is ignored)")
      ->type_name("FILE")->group(kGroup);
}

FieldMapper::FieldMapper(const MappingOptions& o) {
  wrap_ = o.wrap;
  flatten_ = o.flatten;
  for (const auto& spec : o.alias) {
    auto [canonical, alts] = split_pair(spec, '=', "--alias");
    Alias a{canonical, {canonical}};
    for (auto& n : split_list(alts, "--alias")) a.names.push_back(std::move(n));
    aliases_.push_back(std::move(a));
  }
  for (const auto& spec : o.rename) renames_.push_back(split_pair(spec, '=', "--rename"));
  for (const auto& spec : o.defaults) {
    auto at = spec.find('=');
    if (at == std::string::npos || at == 0) throw UsageError("--default " + spec + ": expected FIELD=VALUE");
    Default d{spec.substr(0, at), spec.substr(at + 1), ValueKind::String};
    classify_default(d.value, d.kind);
    defaults_.push_back(std::move(d));
  }
  require_ = o.require;
  for (const auto& spec : o.types) {
    auto [field, type] = split_pair(spec, ':', "--type");
    types_.push_back({field, parse_type(type, spec)});
  }
  time_field_ = o.time_field;
  time_rewrite_ = o.time_rewrite && !o.time_field.empty();
  time_format_ = TimeFormat::parse(o.time_format);
  time_out_ = parse_time_out(o.time_out);
  redact_ = o.redact;
  pseudonymize_ = o.pseudonymize;
  if (!pseudonymize_.empty()) pseudonymizer_.emplace(Pseudonymizer::from_key_source(o.key_file));
  else if (!o.key_file.empty()) throw UsageError("--key-file needs --pseudonymize");
  keep_ = o.keep;
  drop_ = o.drop;
  for (const auto* list : {&require_, &redact_, &pseudonymize_, &keep_, &drop_})
    for (const auto& name : *list)
      if (name.empty()) {
        throw UsageError("empty field name in --require, --redact, --pseudonymize, --keep or --drop (or in their "
                         "--schema keys); give every field a name");
      }
  only_wrap_ = !flatten_ && aliases_.empty() && renames_.empty() && defaults_.empty() &&
              require_.empty() && types_.empty() && time_field_.empty() && redact_.empty() && pseudonymize_.empty() &&
              keep_.empty() && drop_.empty();
  identity_ = only_wrap_ && wrap_.empty();
}

bool FieldMapper::apply(ParsedRecord& record, Arena& arena, std::string& reason, RejectKind& kind) {
  auto& fields = record.fields;
  for (const Alias& a : aliases_) {
    Field* winner = nullptr;
    for (const auto& name : a.names)
      if ((winner = find(fields, name))) break;
    if (!winner) continue;
    winner->name = a.canonical;
    winner->plain_name = false;
    // The other spellings are the same field: drop them.
    for (const auto& name : a.names) remove_named(fields, name, winner);
  }
  for (const auto& [from, to] : renames_) {
    Field* f = find(fields, from);
    if (!f) continue;
    f->name = to;
    f->plain_name = false;
    remove_named(fields, to, f);
  }
  for (const Default& d : defaults_)
    if (!find(fields, d.field)) fields.push_back(Field{d.field, d.value, d.kind});
  for (const auto& name : require_) {
    if (!find(fields, name)) {
      reason = "missing required field '" + name + "'";
      kind = RejectKind::MissingRequired;
      return false;
    }
  }
  for (const Typed& t : types_) {
    Field* f = find(fields, t.field);
    if (f && !convert(*f, t.type, arena, reason, kind)) return false;
  }
  if (!time_field_.empty()) {
    Field* f = find(fields, time_field_);
    if (!f) {
      reason = "missing time field '" + time_field_ + "'";
      kind = RejectKind::BadTime;
      return false;
    }
    if (!to_time(*f, arena, reason, kind, true)) return false;
  }
  for (const auto& name : redact_)
    for (Field& f : fields)
      if (f.name == name) {
        f.value = "[REDACTED]";
        f.kind = ValueKind::String;
        f.plain_value = true;
      }
  for (const auto& name : pseudonymize_)
    for (Field& f : fields)
      if (f.name == name) {
        char hex[64];
        pseudonymizer_->digest_hex(f.value, hex);
        f.value = arena.copy(std::string_view(hex, 64));
        f.kind = ValueKind::String;
        f.plain_value = true;
      }
  if (!keep_.empty())
    fields.erase(std::remove_if(fields.begin(), fields.end(),
                                [&](const Field& f) {
                                  return std::find(keep_.begin(), keep_.end(), f.name) == keep_.end();
                                }),
                 fields.end());
  if (!drop_.empty())
    fields.erase(std::remove_if(fields.begin(), fields.end(),
                                [&](const Field& f) {
                                  return std::find(drop_.begin(), drop_.end(), f.name) != drop_.end();
                                }),
                 fields.end());
  return true;
}

bool FieldMapper::to_time(Field& f, Arena& arena, std::string& reason, RejectKind& kind, bool time_field) {
  Nanos t = 0;
  bool ok = false;
  // Built only for a message: the hot path does not allocate.
  auto label = [&] { return (time_field ? "time field '" : "field '") + std::string(f.name) + "'"; };
  if (f.kind == ValueKind::String) {
    ok = parse_time_string(time_format_, f.value, t);
  } else if (f.kind == ValueKind::Number) {
    double number = 0;
    auto [end, ec] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), number);
    ok = ec == std::errc() && parse_time_number(time_format_, number, f.value, t);
  } else {
    reason = label() + " is neither a string nor a number";
    kind = time_field ? RejectKind::BadTime : RejectKind::BadType;
    return false;
  }
  if (!ok) {
    reason = label() + " is not a valid time: " + shown(f);
    kind = time_field ? RejectKind::BadTime : RejectKind::BadType;
    return false;
  }
  if (time_field && !time_rewrite_) return true;  // validated, written as it came
  char buf[kTimeBufferSize];
  size_t n = format_time(t, time_out_, buf);
  f.value = arena.copy(std::string_view(buf, n));
  f.kind = time_out_ == TimeOutFormat::Rfc3339 ? ValueKind::String : ValueKind::Number;
  f.plain_value = true;  // digits, '-', ':', '.', 'T' and 'Z'
  return true;
}

bool FieldMapper::convert(Field& f, FieldType type, Arena& arena, std::string& reason, RejectKind& kind) {
  auto fail = [&](const char* what) {
    reason = "field '" + std::string(f.name) + "' is not " + what + ": " + shown(f);
    kind = RejectKind::BadType;
    return false;
  };
  bool scalar_text = f.kind == ValueKind::String || f.kind == ValueKind::Number;
  switch (type) {
    case FieldType::Int: {
      if (!scalar_text) return fail("an integer");
      std::string_view text = f.kind == ValueKind::String ? trim(f.value) : f.value;
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return fail("an integer");
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      f.value = arena.copy(std::string_view(buf, r.ptr - buf));
      f.kind = ValueKind::Number;
      return true;
    }
    case FieldType::Float: {
      if (!scalar_text) return fail("a number");
      std::string_view text = f.kind == ValueKind::String ? trim(f.value) : f.value;
      if (!text.empty() && text.front() == '+') text.remove_prefix(1);
      double v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(v))
        return fail("a number");
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      f.value = arena.copy(std::string_view(buf, r.ptr - buf));
      f.kind = ValueKind::Number;
      return true;
    }
    case FieldType::Bool: {
      std::string_view text = trim(f.value);
      bool v;
      if (f.kind == ValueKind::Bool) return true;
      if (!scalar_text) return fail("a boolean");
      if (equals_ignore_case(text, "true") || text == "1" || equals_ignore_case(text, "yes")) v = true;
      else if (equals_ignore_case(text, "false") || text == "0" || equals_ignore_case(text, "no")) v = false;
      else return fail("a boolean");
      f.value = v ? "true" : "false";
      f.kind = ValueKind::Bool;
      return true;
    }
    case FieldType::String:
      if (f.kind == ValueKind::Null) return fail("a string");
      if (f.kind != ValueKind::String) f.plain_value = false;
      f.kind = ValueKind::String;  // numbers, booleans, objects and arrays: their JSON text
      return true;
    case FieldType::Time:
      return to_time(f, arena, reason, kind, false);
  }
  return true;
}

}  // namespace sp
