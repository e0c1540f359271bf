#include "libcommon/json_member_scan.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "libcommon/json_escape.h"

namespace sp {
namespace {

constexpr bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Bytes that end a number or a literal (true, false, null).
constexpr std::array<bool, 256> kScalarStop = [] {
  std::array<bool, 256> stop{};
  for (int c = 0; c < 0x20; ++c) stop[c] = true;
  for (unsigned char c : std::string_view(",}]{[\":\\")) stop[c] = true;
  stop[' '] = true;
  return stop;
}();

// A forward read of [p, end) that never looks past end. Each step returns
// false to give up.
struct Cursor {
  const char* p;
  const char* end;

  unsigned char at() const { return static_cast<unsigned char>(*p); }

  // Skips whitespace; false at the end of the text.
  bool next() {
    while (p < end && is_space(at())) ++p;
    return p < end;
  }

  bool expect(char c) {
    if (!next() || *p != c) return false;
    ++p;
    return true;
  }

  // To the first byte a string cannot hold unescaped (needs_json_escape), or
  // to end.
  void to_string_stop() { p += find_json_escape(p, static_cast<size_t>(end - p), '"'); }

  // At a '"': a string without escapes; `body` is its bytes.
  bool plain_string(std::string_view& body) {
    const char* start = ++p;
    to_string_stop();
    if (p == end || *p != '"') return false;
    body = std::string_view(start, static_cast<size_t>(p - start));
    ++p;
    return true;
  }

  // At a '"': any string (an escape is skipped with the byte after it).
  bool string() {
    ++p;
    for (;;) {
      to_string_stop();
      if (p == end) return false;
      if (*p == '"') {
        ++p;
        return true;
      }
      if (*p != '\\' || end - p < 2) return false;  // a control byte, or a backslash last
      p += 2;
    }
  }

  // At a '{' or '[': to just after its matching bracket, the nesting kept
  // on a bit stack (1: object), at most 64 deep.
  bool nested() {
    uint64_t objects = 0;
    int depth = 0;
    while (p < end) {
      unsigned char c = at();
      if (c == '"') {
        if (!string()) return false;
        continue;
      }
      if (c == '{' || c == '[') {
        if (depth == 64) return false;
        objects = (objects << 1) | (c == '{' ? 1 : 0);
        ++depth;
      } else if (c == '}' || c == ']') {
        if ((objects & 1) != (c == '}' ? 1u : 0u)) return false;
        objects >>= 1;
        if (--depth == 0) {
          ++p;
          return true;
        }
      } else if (c < 0x20 && !is_space(c)) {
        return false;
      }
      ++p;
    }
    return false;
  }

  // Where a member begins: its key (without escapes) and the colon, up to
  // the first byte of its value.
  bool member_key(std::string_view& key) {
    return next() && *p == '"' && plain_string(key) && expect(':') && next();
  }

  bool digit() const { return p < end && *p >= '0' && *p <= '9'; }

  // At the first byte of a value: a number as JSON writes it, followed by
  // whitespace, ',' or '}'; `token` is its bytes, `integral` whether it has
  // neither fraction nor exponent.
  bool number(std::string_view& token, bool& integral) {
    const char* start = p;
    if (p < end && *p == '-') ++p;
    if (!digit()) return false;
    if (*p == '0') {
      ++p;
    } else {
      while (digit()) ++p;
    }
    integral = true;
    if (p < end && *p == '.') {
      ++p;
      if (!digit()) return false;
      while (digit()) ++p;
      integral = false;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
      ++p;
      if (p < end && (*p == '+' || *p == '-')) ++p;
      if (!digit()) return false;
      const char* exponent = p;
      while (digit()) ++p;
      // simdjson refuses an exponent of more digits (even 0E000...0): the
      // parse decides such a number.
      if (p - exponent > 18) return false;
      integral = false;
    }
    if (p < end && !is_space(at()) && *p != ',' && *p != '}') return false;  // e.g. 01, 1x
    token = std::string_view(start, static_cast<size_t>(p - start));
    return true;
  }

  // At the first byte of a value: past it. Numbers and literals are taken
  // as a run of the bytes they may hold and not checked further, as
  // On-Demand does not check a value it skips. Kept inline in both scans:
  // called out of line, it made sp-partition --key user 8% slower.
  [[gnu::always_inline]] bool value() {
    unsigned char c = at();
    if (c == '"') return string();
    if (c == '{' || c == '[') return nested();
    if (c != '-' && (c < '0' || c > '9') && c != 't' && c != 'f' && c != 'n') return false;
    while (p < end && !kScalarStop[at()]) ++p;
    return true;
  }
};

// The one check of a record's end that costs nothing: a line cut short, or
// with bytes after its object, is left to simdjson.
bool ends_object(std::string_view text) {
  size_t last = text.size();
  while (last > 0 && is_space(static_cast<unsigned char>(text[last - 1]))) --last;
  return last > 0 && text[last - 1] == '}';
}

bool plain_name(std::string_view name) {
  for (unsigned char c : name) {
    if (needs_json_escape(c)) return false;
  }
  return true;
}

}  // namespace

PlainMemberScan::PlainMemberScan(std::string_view name) : name_(name), usable_(plain_name(name)) {}

bool PlainMemberScan::find(std::string_view text, Value& value) const {
  if (!usable_) return false;
  Cursor c{text.data(), text.data() + text.size()};
  if (!c.expect('{')) return false;
  for (;;) {
    std::string_view key;
    if (!c.member_key(key)) return false;
    if (key == name_) {
      if (*c.p == '"') {
        value.kind = Value::Kind::String;
        return c.plain_string(value.text) && ends_object(text);
      }
      bool integral = false;
      value.kind = Value::Kind::Integer;
      return c.number(value.text, integral) && integral && ends_object(text);
    }
    if (!c.value() || !c.expect(',')) return false;
  }
}

PlainMembersScan::PlainMembersScan(std::vector<std::string> names)
    : names_(std::move(names)), usable_(names_.size() <= 64) {
  for (auto it = names_.begin(); it != names_.end(); ++it) {
    usable_ = usable_ && plain_name(*it) && std::find(names_.begin(), it, *it) == it;
  }
}

bool PlainMembersScan::find(std::string_view text, std::span<ScannedMember> values) const {
  if (!usable_ || values.size() != names_.size() || names_.empty()) return false;
  // Bit i: names_[i] not found yet.
  uint64_t missing = names_.size() == 64 ? ~uint64_t{0} : (uint64_t{1} << names_.size()) - 1;
  Cursor c{text.data(), text.data() + text.size()};
  if (!c.expect('{')) return false;
  for (;;) {
    std::string_view key;
    if (!c.member_key(key)) return false;
    size_t i = 0;
    while (i < names_.size() && ((missing >> i & 1) == 0 || key != names_[i])) ++i;
    if (i == names_.size()) {
      if (!c.value()) return false;
    } else {
      ScannedMember& v = values[i];
      if (*c.p == '"') {
        v.kind = ScannedMember::Kind::String;
        if (!c.plain_string(v.text)) return false;
      } else {
        v.kind = ScannedMember::Kind::Number;
        if (!c.number(v.text, v.integral)) return false;
        // from_chars rounds correctly, as simdjson does; out of a double's
        // range it fails, and the parse decides.
        const char* last = v.text.data() + v.text.size();
        auto [ptr, error] = std::from_chars(v.text.data(), last, v.number);
        if (error != std::errc() || ptr != last) return false;
      }
      missing &= ~(uint64_t{1} << i);
      if (missing == 0) return ends_object(text);
    }
    if (!c.expect(',')) return false;
  }
}

std::optional<PlainMemberScan> scan_for_key(const std::vector<FieldPath>& fields) {
  if (fields.size() != 1 || fields[0].segments().size() != 1) return std::nullopt;
  PlainMemberScan scan(fields[0].segments()[0]);
  if (!scan.usable()) return std::nullopt;
  return scan;
}

}  // namespace sp
