#include "tools/sp-window/record_values.h"

#include <algorithm>

#include "libcommon/json_writer.h"
#include "libcommon/padded_search.h"

namespace sp {

RecordValues::RecordValues(std::vector<FieldPath> by, std::vector<FieldPath> fields, std::vector<bool> needs_text)
    : by_(std::move(by)), fields_(std::move(fields)), needs_text_(std::move(needs_text)), values_(fields_.size()) {
  needs_text_.resize(fields_.size(), true);
  single_pass_ = true;
  for (const auto& p : by_) single_pass_ &= p.segments().size() == 1;
  for (const auto& p : fields_) single_pass_ &= p.segments().size() == 1;
  by_values_.resize(by_.size());
  // One target per distinct name; a name both grouped on and aggregated
  // fills both.
  auto target_of = [&](const std::string& name) -> Target& {
    for (auto& t : targets_) {
      if (t.name == name) return t;
    }
    targets_.push_back(Target{name, '"' + name + '"', -1, -1, false});
    return targets_.back();
  };
  for (size_t i = 0; i < by_.size(); ++i) {
    Target& t = target_of(by_[i].segments()[0]);
    if (t.by >= 0) {
      single_pass_ = false;  // the same field twice in --by
      continue;
    }
    t.by = static_cast<int>(i);
    t.text = true;
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    Target& t = target_of(fields_[i].segments()[0]);
    t.field = static_cast<int>(i);
    t.text = t.text || needs_text_[i];
  }
  found_.assign(targets_.size(), false);
}

bool RecordValues::read_one(JsonRecord& json, const FieldPath& path, bool text, FieldValue& out,
                            std::string& reason) {
  using simdjson::ondemand::json_type;
  out.text.clear();
  simdjson::ondemand::value value;
  auto error = json.find(path, value);
  if (error == simdjson::NO_SUCH_FIELD || (error == simdjson::INCORRECT_TYPE && path.segments().size() > 1)) {
    // Missing, or a parent that is not an object: treated as missing.
    out.kind = FieldValue::Kind::Missing;
    out.text = "null";
    return true;
  }
  if (error) {
    reason = std::string("cannot read field '") + path.text() + "': " + simdjson::error_message(error);
    return false;
  }
  return read_value(value, path, text, out, reason);
}

bool RecordValues::read_value(simdjson::ondemand::value& value, const FieldPath& path, bool text, FieldValue& out,
                              std::string& reason) {
  using simdjson::ondemand::json_type;
  out.text.clear();
  json_type type{};
  auto error = value.type().get(type);
  if (error) {
    reason = std::string("cannot read field '") + path.text() + "': " + simdjson::error_message(error);
    return false;
  }
  switch (type) {
    case json_type::null:
      out.kind = FieldValue::Kind::Null;
      out.text = "null";
      return true;
    case json_type::number: {
      if (auto e = value.get_double().get(out.number)) {
        reason = std::string("field '") + path.text() + "' is not a valid number: " + simdjson::error_message(e);
        return false;
      }
      std::string_view raw = trimmed_raw_token(value);
      correct_long_number(raw, out.number);
      out.kind = FieldValue::Kind::Number;
      if (!text) return true;
      bool integer = raw.find_first_of(".eE") == std::string_view::npos;
      if (integer) {
        out.text.assign(raw);
      } else {
        append_json_number(out.text, out.number);
      }
      return true;
    }
    case json_type::string: {
      out.kind = FieldValue::Kind::Other;
      if (!text) return true;
      // Without a backslash the token is its string's canonical text: no
      // control byte can be in it, as simdjson's stage 1, which every
      // loaded record has passed, rejects them in any string.
      std::string_view raw = trimmed_raw_token(value), contents;
      if (unescaped_string_contents(raw, contents)) {
        out.text.assign(raw);
        return true;
      }
      std::string_view s;
      if (auto e = value.get_string().get(s)) {
        reason = std::string("field '") + path.text() + "' is not a valid string: " + simdjson::error_message(e);
        return false;
      }
      append_json_string(out.text, s);
      return true;
    }
    default: {
      std::string_view raw;
      if (auto e = raw_json_of(value, raw)) {
        reason = std::string("cannot read field '") + path.text() + "': " + simdjson::error_message(e);
        return false;
      }
      out.kind = FieldValue::Kind::Other;
      out.text.assign(raw);
      return true;
    }
  }
}

bool RecordValues::store(size_t t, simdjson::ondemand::value& value, std::string& reason) {
  const Target& target = targets_[t];
  FieldValue& out = target.by >= 0 ? by_values_[static_cast<size_t>(target.by)] : values_[static_cast<size_t>(target.field)];
  const FieldPath& path = target.by >= 0 ? by_[static_cast<size_t>(target.by)] : fields_[static_cast<size_t>(target.field)];
  if (!read_value(value, path, target.text, out, reason)) return false;
  if (target.by >= 0 && target.field >= 0) values_[static_cast<size_t>(target.field)] = out;
  return true;
}

// The fast way: the targets in the order the last record had them, each
// found by a forward search, which compares each key with one name only.
// First occurrences still win: a target's quoted name must not appear in the
// record before the previous target's value (where an earlier duplicate key
// would sit unseen). When the order does not fit (a target missing, moved,
// or possibly duplicated) the full pass decides.
RecordValues::Fast RecordValues::read_in_order(simdjson::ondemand::object& object, std::string_view text,
                                               std::string& reason) {
  if (order_.size() != targets_.size()) return Fast::NotApplicable;
  // The keys before `passed` were compared only with the targets found so far.
  const char* passed = text.data();
  for (size_t t : order_) {
    simdjson::ondemand::value value;
    if (object.find_field(targets_[t].name).get(value)) return Fast::NotApplicable;
    if (find_in_padded(text.data(), passed, targets_[t].quoted) != passed) return Fast::NotApplicable;
    passed = value.raw_json_token().data();
    if (!store(t, value, reason)) return Fast::Rejected;
  }
  return Fast::Done;
}

// One pass over the top-level members, for the common case where every
// path is a plain field name: cheaper than one lookup (and rewind) per field.
// Learns the order of the targets for read_in_order().
bool RecordValues::read_single_pass(JsonRecord& json, std::string& reason) {
  simdjson::ondemand::object object;
  auto open_object = [&] {
    json.document().rewind();
    if (auto error = json.document().get_object().get(object)) {
      reason = std::string("not a JSON object: ") + simdjson::error_message(error);
      return false;
    }
    return true;
  };
  if (!open_object()) return false;
  switch (read_in_order(object, json.text(), reason)) {
    case Fast::Done:
      finish_key();
      return true;
    case Fast::Rejected:
      return false;
    case Fast::NotApplicable:
      if (!open_object()) return false;  // the full pass starts over
      break;
  }
  std::fill(found_.begin(), found_.end(), false);
  order_.clear();
  size_t remaining = targets_.size();
  for (auto member : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(member).get(field)) {
      reason = std::string("invalid JSON: ") + simdjson::error_message(error);
      return false;
    }
    simdjson::ondemand::raw_json_string key = field.key();
    for (size_t t = 0; t < targets_.size(); ++t) {
      if (found_[t] || !key.unsafe_is_equal(targets_[t].name)) continue;
      found_[t] = true;
      order_.push_back(t);
      if (!store(t, field.value(), reason)) return false;
      --remaining;
      break;
    }
    if (remaining == 0) break;
  }
  for (size_t t = 0; t < targets_.size(); ++t) {
    if (found_[t]) continue;
    const Target& target = targets_[t];
    for (FieldValue* v : {target.by >= 0 ? &by_values_[static_cast<size_t>(target.by)] : nullptr,
                          target.field >= 0 ? &values_[static_cast<size_t>(target.field)] : nullptr}) {
      if (!v) continue;
      v->kind = FieldValue::Kind::Missing;
      v->text = "null";
    }
  }
  finish_key();
  return true;
}

void RecordValues::finish_key() {
  key_.clear();
  for (const auto& v : by_values_) {
    key_ += v.text;
    key_.push_back('\0');
  }
}

std::optional<std::vector<std::string>> RecordValues::scanned_names() const {
  if (!single_pass_) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& t : targets_) names.push_back(t.name);
  return names;
}

void RecordValues::read_scanned(const ScannedMember* members) {
  for (size_t t = 0; t < targets_.size(); ++t) {
    const Target& target = targets_[t];
    const ScannedMember& member = members[t];
    FieldValue& out =
        target.by >= 0 ? by_values_[static_cast<size_t>(target.by)] : values_[static_cast<size_t>(target.field)];
    out.text.clear();
    if (member.kind == ScannedMember::Kind::String) {
      out.kind = FieldValue::Kind::Other;
      // A string without escapes: its token, quotes included, is its canonical text.
      if (target.text) out.text.assign(member.text.data() - 1, member.text.size() + 2);
    } else {
      out.kind = FieldValue::Kind::Number;
      out.number = member.number;
      if (target.text && member.integral) out.text.assign(member.text);
      else if (target.text) append_json_number(out.text, member.number);
    }
    if (target.by >= 0 && target.field >= 0) values_[static_cast<size_t>(target.field)] = out;
  }
  finish_key();
}

bool RecordValues::read(JsonRecord& json, std::string& reason) {
  if (single_pass_) return read_single_pass(json, reason);
  key_.clear();
  for (const auto& path : by_) {
    if (!read_one(json, path, true, scratch_, reason)) return false;
    key_ += scratch_.text;
    key_.push_back('\0');
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!read_one(json, fields_[i], needs_text_[i], values_[i], reason)) return false;
  }
  return true;
}

}  // namespace sp
