#include "tools/sp-parse/json_out.h"

#include <cstdint>
#include <cstring>

namespace sp {

namespace {

struct EscapeTable {
  bool escape[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) escape[c] = true;
    escape[static_cast<unsigned char>('"')] = true;
    escape[static_cast<unsigned char>('\\')] = true;
  }
};
constexpr EscapeTable kEscape;

bool needs_escape(unsigned char c) { return kEscape.escape[c]; }

}  // namespace

void append_json_string_fast(std::string& out, std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  static constexpr char kHex[] = "0123456789abcdef";
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  // A byte needs escaping when it is < 0x20, '"' or '\\'; all three are
  // ASCII, so bytes with the high bit set (UTF-8) are masked out by ~w.
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    uint64_t quote = w ^ (kOnes * '"');
    uint64_t slash = w ^ (kOnes * '\\');
    if (((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes)) & ~w & kHigh) break;
  }
  out.push_back('"');
  size_t run = 0;
  for (; i < n; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (!needs_escape(c)) continue;
    out.append(p + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(p + run, n - run);
  out.push_back('"');
}

}  // namespace sp
