// find_in_padded against std::string_view::find: the same first match, on
// JSON-like text and on random bytes, at every span and vector boundary.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <random>
#include <string>
#include <string_view>

#include "libcommon/padded_search.h"

namespace {

// The answer find_in_padded must give: the first match wholly in [from, end).
const char* reference(const char* from, const char* end, std::string_view pattern) {
  size_t at = std::string_view(from, static_cast<size_t>(end - from)).find(pattern);
  return at == std::string_view::npos ? end : from + at;
}

}  // namespace

TEST_CASE("find_in_padded finds what string_view::find finds", "[padded_search]") {
  const std::string record =
      R"({"ts":"2026-01-01T00:00:00.000Z","id":"evt-12e334ef45694359","user":"u53","session":"s-61860ba8",)"
      R"("event":"search","amount":0.00,"amount_x":1,"xamount":2,"latency_ms":35,"country":"MX","user":"u7"})";
  // Padding behind the text, as the input reader leaves it; bytes that
  // would complete a match there must not count.
  std::string buffer = record + R"(amount":"user")" + std::string(simdjson::SIMDJSON_PADDING, '"');
  for (std::string_view pattern : {R"("user")", R"("amount")", R"("ts")", R"("u")", R"("xamount")", R"("country")",
                                   R"("none")", R"(""")", "\"\"", "1,"}) {
    INFO("pattern " << pattern);
    // Every span [from, end) of the record: matches at its start, its end,
    // across vector widths, and cut short by end.
    for (size_t from = 0; from < record.size(); from += 3) {
      for (size_t end = from; end <= record.size(); ++end) {
        const char* b = buffer.data() + from;
        const char* e = buffer.data() + end;
        REQUIRE(sp::find_in_padded(b, e, pattern) == reference(b, e, pattern));
      }
    }
  }
}

TEST_CASE("find_in_padded on random bytes from a small alphabet", "[padded_search]") {
  std::mt19937 random(3);
  for (int round = 0; round < 5000; ++round) {
    const size_t size = random() % 300;
    std::string text(size + simdjson::SIMDJSON_PADDING, '\0');
    for (char& c : text) c = "ab\"c"[random() % 4];  // the padding too: matches there must not count
    std::string pattern(2 + random() % 6, '\0');
    for (char& c : pattern) c = "ab\"c"[random() % 4];
    const size_t from = size ? random() % (size + 1) : 0;
    const char* b = text.data() + from;
    const char* e = text.data() + size;
    INFO("text " << text.substr(0, size) << " from " << from << " pattern " << pattern);
    REQUIRE(sp::find_in_padded(b, e, pattern) == reference(b, e, pattern));
  }
}
