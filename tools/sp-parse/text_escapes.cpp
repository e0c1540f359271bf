#include "tools/sp-parse/text_escapes.h"

namespace sp {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads 4 hex digits at s[i..i+4); -1 if they are not there.
long read_hex4(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return -1;
  long v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = hex_value(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_unescaped(std::string& out, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t bs = s.find('\\', i);
    if (bs == std::string_view::npos || bs + 1 >= s.size()) {
      out.append(s.substr(i));
      return;
    }
    out.append(s.substr(i, bs - i));
    char c = s[bs + 1];
    i = bs + 2;
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        long cp = read_hex4(s, i);
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
          out.append("\\u");
          break;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          long lo = (i + 10 <= s.size() && s[i + 4] == '\\' && s[i + 5] == 'u') ? read_hex4(s, i + 6) : -1;
          if (lo < 0xDC00 || lo > 0xDFFF) {
            out.append("\\u");
            break;
          }
          append_utf8(out, 0x10000 + ((static_cast<unsigned>(cp) - 0xD800) << 10) + (static_cast<unsigned>(lo) - 0xDC00));
          i += 10;
          break;
        }
        append_utf8(out, static_cast<unsigned>(cp));
        i += 4;
        break;
      }
      default:
        out.push_back('\\');
        out.push_back(c);
    }
  }
}

}  // namespace sp
