#include "tools/sp-parse/logfmt_reader.h"

#include <cstring>

#include "tools/sp-parse/text_escapes.h"

namespace sp {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_key_byte(char c) { return static_cast<unsigned char>(c) > ' ' && c != '=' && c != '"'; }

void add_field(ParsedRecord& out, std::string_view name, std::string_view value, ValueKind kind) {
  for (Field& f : out.fields) {
    if (f.name == name) {  // last value wins, first position stays
      f.value = value;
      f.kind = kind;
      return;
    }
  }
  out.fields.push_back(Field{name, value, kind});
}

}  // namespace

bool LogfmtReader::parse(std::string_view text, Arena& arena, ParsedRecord& out, std::string& error) {
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  while (true) {
    while (i < n && is_space(p[i])) ++i;
    if (i == n) {
      if (out.fields.empty()) error = "no key=value pairs";
      return !out.fields.empty();
    }
    size_t key_begin = i;
    while (i < n && is_key_byte(p[i])) ++i;
    if (i == key_begin) {
      error = p[i] == '=' ? "no key before '=' at column " + std::to_string(i + 1)
                          : "unexpected '\"' at column " + std::to_string(i + 1) + " (expected a key)";
      return false;
    }
    std::string_view key(p + key_begin, i - key_begin);
    if (i == n || is_space(p[i])) {
      add_field(out, key, "true", ValueKind::Bool);
      continue;
    }
    if (p[i] == '"') {
      error = "unexpected '\"' after key " + std::string(key) + " at column " + std::to_string(i + 1);
      return false;
    }
    ++i;  // '='
    if (i < n && p[i] == '"') {
      size_t begin = ++i;
      bool escaped = false;
      while (i < n && p[i] != '"') {
        if (p[i] == '\\') {
          escaped = true;
          ++i;
        }
        ++i;
      }
      if (i >= n) {
        error = "unterminated quoted value of key " + std::string(key);
        return false;
      }
      std::string_view value(p + begin, i - begin);
      ++i;  // closing quote
      if (i < n && !is_space(p[i])) {
        error = "unexpected text after the closing quote of key " + std::string(key) + " at column " +
                std::to_string(i + 1);
        return false;
      }
      if (escaped) {
        thread_local std::string decoded;  // reused: no allocation once warm
        decoded.clear();
        append_unescaped(decoded, value);
        value = arena.copy(decoded);
      }
      add_field(out, key, value, ValueKind::String);
      continue;
    }
    size_t begin = i;
    while (i < n && !is_space(p[i])) ++i;
    add_field(out, key, std::string_view(p + begin, i - begin), ValueKind::String);
  }
}

void LogfmtReader::feed(const Record& line, RecordSink& sink) {
  arena_.clear();
  record_.fields.clear();
  if (!parse(line.text, arena_, record_, error_)) {
    sink.on_bad(line, error_);
    return;
  }
  emit_line_record(line, record_, sink);
}

}  // namespace sp
