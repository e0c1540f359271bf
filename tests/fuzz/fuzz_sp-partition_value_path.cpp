// Fuzzes the file-name encoding of sp-partition --by-value: for any value the
// encoded segment is non-empty, has no '/' or NUL, does not start with '.',
// is at most 200 bytes, and decodes back to the value (short encodings) —
// so no value escapes the output directory and two values never share a file.
// The input is split at its first 0xFF byte into two values, which must get
// different names when they differ (up to xxh3 collisions of long values).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tools/sp-partition/output_template.h"

namespace {

int hex(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

void check_segment(std::string_view value, const std::string& e) {
  if (e.empty() || e.front() == '.' || e.size() > sp::kMaxEncodedValue) std::abort();
  for (char c : e) {
    if (c == '/' || c == '\0') std::abort();
  }
  if (value.empty()) {
    if (e != "%") std::abort();
    return;
  }
  if (e.find('~') != std::string::npos) return;  // long value: prefix + hash
  std::string decoded;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '%') {
      if (i + 2 >= e.size()) std::abort();
      decoded.push_back(static_cast<char>(hex(e[i + 1]) * 16 + hex(e[i + 2])));
      i += 2;
    } else {
      decoded.push_back(e[i]);
    }
  }
  if (decoded != value) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t cut = input.find('\xFF');
  std::string_view a = input.substr(0, cut);
  std::string_view b = cut == std::string_view::npos ? std::string_view() : input.substr(cut + 1);
  std::string ea, eb;
  sp::append_encoded_value(a, ea);
  sp::append_encoded_value(b, eb);
  check_segment(a, ea);
  check_segment(b, eb);
  if (a != b && ea == eb) std::abort();
  return 0;
}
