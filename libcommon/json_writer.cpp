#include "libcommon/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "libcommon/json_escape.h"

namespace sp {

void append_json_string(std::string& out, std::string_view text) {
  const char* p = text.data();
  const size_t n = text.size();
  out.reserve(out.size() + n + 2);
  out.push_back('"');
  size_t i = 0;
  while (true) {
    // '"' as the extra stop byte: nothing beyond the escapes themselves.
    size_t run = find_json_escape(p + i, n - i, '"');
    out.append(p + i, run);
    i += run;
    if (i == n) break;
    char escaped[6];
    out.append(escaped, write_json_escape(escaped, static_cast<unsigned char>(p[i])));
    ++i;
  }
  out.push_back('"');
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // Whole numbers of at most 5 digits (counts, sums of whole amounts) are
  // what std::to_chars prints for them, digits only: its scientific form
  // ("1e+05") is never shorter below 100000. -0 keeps its sign ("-0").
  if (value > -100000.0 && value < 100000.0) {
    const auto whole = static_cast<int32_t>(value);
    if (static_cast<double>(whole) == value && !(whole == 0 && std::signbit(value))) {
      append_json_number(out, int64_t{whole});
      return;
    }
  }
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

void append_json_number(std::string& out, int64_t value) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

void append_json_number(std::string& out, uint64_t value) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

void JsonWriter::begin_object() {
  separate();
  out_.push_back('{');
  first_.push_back(true);
}

void JsonWriter::end_object() {
  out_.push_back('}');
  first_.pop_back();
}

void JsonWriter::begin_array() {
  separate();
  out_.push_back('[');
  first_.push_back(true);
}

void JsonWriter::end_array() {
  out_.push_back(']');
  first_.pop_back();
}

void JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::string(std::string_view value) {
  separate();
  append_json_string(out_, value);
}

void JsonWriter::number(double value) {
  separate();
  append_json_number(out_, value);
}

void JsonWriter::number(int64_t value) {
  separate();
  append_json_number(out_, value);
}

void JsonWriter::number(uint64_t value) {
  separate();
  append_json_number(out_, value);
}

void JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

void JsonWriter::raw(std::string_view json) {
  separate();
  out_.append(json);
}

}  // namespace sp
