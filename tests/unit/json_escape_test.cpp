#include "libcommon/json_escape.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <random>
#include <string>

using namespace sp;

namespace {

// The definition, one byte at a time.
size_t reference_find(const std::string& s, char also) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || s[i] == also) return i;
  }
  return s.size();
}

// Strings of every length up to 100 with a few stop bytes (or none) at
// random places among ordinary ASCII and UTF-8 bytes.
std::string random_text(std::mt19937& rng, char also) {
  static const char kPlain[] = {'a', 'Z', '0', ' ', '~', '\x7f', '\xc3', '\xa9', ',', '\xa7'};
  static const char kStops[] = {'"', '\\', '\n', '\x01', '\x1f', '\0'};
  std::string s(rng() % 101, 'x');
  for (char& c : s) {
    c = kPlain[rng() % sizeof kPlain];
    if (c == also) c = 'b';  // stops come only from the loop below
  }
  for (int stops = static_cast<int>(rng() % 3); stops > 0 && !s.empty(); --stops) {
    char stop = rng() % 2 ? kStops[rng() % sizeof kStops] : also;
    s[rng() % s.size()] = stop;
  }
  return s;
}

}  // namespace

TEST_CASE("json escape scans find the first byte to escape or the extra byte", "[json]") {
  std::mt19937 rng(7);
  for (char also : {',', '\t', '"', '\\', '\xa7'}) {
    for (int round = 0; round < 3000; ++round) {
      std::string s = random_text(rng, also);
      // Exact-size heap copies: the sanitizer build sees any read past them.
      auto in = std::make_unique<char[]>(s.size() + 1);
      std::memcpy(in.get(), s.data(), s.size());
      size_t want = reference_find(s, also);
      INFO("also " << int(also) << " text size " << s.size());
      CHECK(find_json_escape(in.get(), s.size(), also) == want);
      CHECK(json_escape_detail::find_stop_words(in.get(), s.size(), also) == want);
      // The copy holds the bytes before the stop, and writes nothing past n.
      std::string out(s.size() + 8, '#');
      CHECK(copy_until_json_escape(out.data(), in.get(), s.size(), also) == want);
      CHECK(out.compare(0, want, s, 0, want) == 0);
      CHECK(out.substr(s.size()) == "########");
    }
  }
}

TEST_CASE("json escape sequences", "[json]") {
  auto escape = [](unsigned char c) {
    char buf[6];
    return std::string(buf, write_json_escape(buf, c));
  };
  CHECK(escape('"') == "\\\"");
  CHECK(escape('\\') == "\\\\");
  CHECK(escape('\n') == "\\n");
  CHECK(escape('\r') == "\\r");
  CHECK(escape('\t') == "\\t");
  CHECK(escape('\b') == "\\b");
  CHECK(escape('\f') == "\\f");
  CHECK(escape(0) == "\\u0000");
  CHECK(escape(0x1b) == "\\u001b");
  for (int c = 0; c < 256; ++c)
    CHECK(needs_json_escape(static_cast<unsigned char>(c)) == (c < 0x20 || c == '"' || c == '\\'));
}
