#include "libcommon/json_escape.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace sp;

namespace {

// The definition, one byte at a time.
bool reference_stop(char c, char also) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || c == '"' || c == '\\' || c == also;
}

size_t reference_find(const std::string& s, char also) {
  for (size_t i = 0; i < s.size(); ++i)
    if (reference_stop(s[i], also)) return i;
  return s.size();
}

// Strings of every length up to 200 with a few stop bytes (or none) at
// random places among ordinary ASCII and UTF-8 bytes.
std::string random_text(std::mt19937& rng, char also) {
  static const char kPlain[] = {'a', 'Z', '0', ' ', '~', '\x7f', '\xc3', '\xa9', ',', '\xa7'};
  static const char kStops[] = {'"', '\\', '\n', '\x01', '\x1f', '\0'};
  std::string s(rng() % 201, 'x');
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

TEST_CASE("json escape scans find and mark the bytes to escape and the extra byte", "[json]") {
  std::mt19937 rng(7);
  for (char also : {',', '\t', '"', '\\', '\xa7'}) {
    for (int round = 0; round < 3000; ++round) {
      std::string s = random_text(rng, also);
      // Exact-size heap copies: the sanitizer build sees any read past them.
      auto in = std::make_unique<char[]>(s.size());
      std::memcpy(in.get(), s.data(), s.size());
      size_t want = reference_find(s, also);
      INFO("also " << int(also) << " text size " << s.size());
      CHECK(find_json_escape(in.get(), s.size(), also) == want);
      CHECK(json_escape_detail::find_stop_words(in.get(), s.size(), also) == want);
      // Every stop byte marked, nothing else (bits past the end included).
      std::vector<uint64_t> bits((s.size() + 63) / 64, ~uint64_t{0});
      mark_json_escapes(in.get(), s.size(), also, bits.data());
      std::vector<uint64_t> expected(bits.size(), 0);
      for (size_t i = 0; i < s.size(); ++i)
        if (reference_stop(s[i], also)) expected[i / 64] |= uint64_t{1} << (i % 64);
      CHECK(bits == expected);
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
