#include "libcommon/json_canonical.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "libcommon/json_record.h"
#include "libcommon/json_writer.h"

namespace sp {

namespace {

std::string_view trim_token(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// `token` has already been validated as a JSON number whose double value is `d`.
void append_number(std::string_view token, double d, std::string& out) {
  bool integral_token = token.find_first_of(".eE") == std::string_view::npos;
  if (integral_token && append_canonical_integer(token, out)) return;
  // 2^63 is exactly representable; integral doubles below it print as integers.
  if (std::trunc(d) == d && d > -9223372036854775808.0 && d < 9223372036854775808.0) {
    append_json_number(out, static_cast<int64_t>(d));
    return;
  }
  append_json_number(out, d);
}

}  // namespace

bool append_canonical_integer(std::string_view token, std::string& out) {
  // Exact for anything that fits in 64 bits.
  const char* end = token.data() + token.size();
  int64_t i;
  auto [p1, e1] = std::from_chars(token.data(), end, i);
  if (e1 == std::errc() && p1 == end) {
    append_json_number(out, i);
    return true;
  }
  uint64_t u;
  auto [p2, e2] = std::from_chars(token.data(), end, u);
  if (e2 == std::errc() && p2 == end) {
    append_json_number(out, u);
    return true;
  }
  return false;
}

template <class V>
simdjson::error_code JsonCanonicalizer::append_any(V& value, std::string& out, size_t depth) {
  // Each level recurses: refuse deep nesting before it exhausts the stack
  // (100,000 levels did). 256 levels is far beyond any real key and stays
  // within the stack in sanitizer builds too, whose frames are several
  // times larger (1,024 levels overflowed 8 MiB under ASan).
  constexpr size_t kMaxDepth = 256;
  if (depth >= kMaxDepth) return simdjson::DEPTH_ERROR;
  simdjson::ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      return append_object(object, out, depth);
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      return append_array(array, out, depth);
    }
    case simdjson::ondemand::json_type::string: {
      // Without a backslash the token is already in canonical form (the
      // minimal escaping only ever writes backslashes).
      // (Values only: a document must be consumed to check what follows it.)
      std::string_view token = trim_token(value.raw_json_token());
      if (std::is_same_v<V, simdjson::ondemand::value> && token.size() >= 2 && token.back() == '"' &&
          std::memchr(token.data() + 1, '\\', token.size() - 2) == nullptr) {
        out += token;
        return simdjson::SUCCESS;
      }
      std::string_view s;
      if (auto error = value.get_string().get(s)) return error;
      append_json_string(out, s);
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::number: {
      std::string_view token = trim_token(value.raw_json_token());
      double d;
      if (auto error = value.get_double().get(d)) return error;
      correct_long_number(token, d);
      append_number(token, d, out);
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      if (auto error = value.get_bool().get(b)) return error;
      out += b ? "true" : "false";
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::null: {
      bool is_null;
      if (auto error = value.is_null().get(is_null)) return error;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      out += "null";
      return simdjson::SUCCESS;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

simdjson::error_code JsonCanonicalizer::append_object(simdjson::ondemand::object object, std::string& out,
                                                      size_t depth) {
  if (scratch_.size() <= depth) {
    scratch_.resize(depth + 1);
    members_.resize(depth + 1);
  }
  std::string& scratch = scratch_[depth];
  std::vector<Member>& members = members_[depth];
  scratch.clear();
  members.clear();
  const char* end = text_end_;
  for (auto field_result : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    Member m;
    m.begin = static_cast<uint32_t>(scratch.size());
    // Keys without a backslash are copied as they are (already canonical).
    const char* raw = field.key().raw();
    const char* quote = static_cast<const char*>(std::memchr(raw, '"', end - raw));
    if (quote && !std::memchr(raw, '\\', quote - raw)) {
      scratch += '"';
      scratch.append(raw, quote - raw + 1);
    } else {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      append_json_string(scratch, key);
    }
    m.key_end = static_cast<uint32_t>(scratch.size());
    simdjson::ondemand::value v = field.value();
    if (auto error = append_any(v, scratch, depth + 1)) return error;
    m.value_end = static_cast<uint32_t>(scratch.size());
    members.push_back(m);
  }
  // Nested objects reuse deeper levels only, so `scratch` and `members` are
  // still this object's.
  auto text = [&](uint32_t b, uint32_t e) { return std::string_view(scratch).substr(b, e - b); };
  std::sort(members.begin(), members.end(), [&](const Member& a, const Member& b) {
    int c = text(a.begin, a.key_end).compare(text(b.begin, b.key_end));
    if (c != 0) return c < 0;
    return text(a.key_end, a.value_end) < text(b.key_end, b.value_end);
  });
  out += '{';
  for (size_t i = 0; i < members.size(); ++i) {
    if (i) out += ',';
    out += text(members[i].begin, members[i].key_end);
    out += ':';
    out += text(members[i].key_end, members[i].value_end);
  }
  out += '}';
  return simdjson::SUCCESS;
}

simdjson::error_code JsonCanonicalizer::append_array(simdjson::ondemand::array array, std::string& out,
                                                     size_t depth) {
  out += '[';
  bool first = true;
  for (auto element_result : array) {
    simdjson::ondemand::value element;
    if (auto error = std::move(element_result).get(element)) return error;
    if (!first) out += ',';
    first = false;
    if (auto error = append_any(element, out, depth + 1)) return error;
  }
  out += ']';
  return simdjson::SUCCESS;
}

simdjson::error_code JsonCanonicalizer::append(simdjson::ondemand::value& value, std::string& out,
                                               std::string_view text) {
  text_end_ = text.data() + text.size();
  return append_any(value, out, 0);
}

simdjson::error_code JsonCanonicalizer::append(simdjson::ondemand::document& doc, std::string& out,
                                               std::string_view text) {
  text_end_ = text.data() + text.size();
  if (auto error = append_any(doc, out, 0)) return error;
  // A location left after the value means more tokens follow it.
  const char* rest;
  if (doc.current_location().get(rest) == simdjson::SUCCESS) return simdjson::TRAILING_CONTENT;
  return simdjson::SUCCESS;
}

bool canonical_json(std::string_view json, std::string& out, std::string* error_text) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  JsonCanonicalizer canonicalizer;
  auto error = parser.iterate(padded).get(doc);
  if (!error) error = canonicalizer.append(doc, out, padded);
  if (error && error_text) *error_text = simdjson::error_message(error);
  return !error;
}

bool canonical_number(std::string_view token, std::string& out) {
  std::string text;
  if (!canonical_json(token, text)) return false;
  if (text.empty() || !(text[0] == '-' || (text[0] >= '0' && text[0] <= '9'))) return false;
  out += text;
  return true;
}

}  // namespace sp
