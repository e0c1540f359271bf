// sp-dedup's key found by the member scan is the key extract() gives after
// a parse, and the scan leaves every other record to extract().
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>
#include <vector>

#include "tools/sp-dedup/key_extractor.h"

namespace {

struct Keys {
  bool scanned = false;
  std::string scan;
  std::string parsed;
};

Keys keys_of(std::string record, const char* fields, bool raw) {
  const size_t size = record.size();
  record.append(simdjson::SIMDJSON_PADDING, ' ');
  const std::string_view text(record.data(), size);
  Keys k;
  sp::KeyExtractor extractor(*fields ? sp::parse_field_list(fields) : std::vector<sp::FieldPath>{}, raw);
  std::string_view key;
  if ((k.scanned = extractor.scan(text, key))) k.scan = std::string(key);
  sp::JsonRecord json;
  std::string problem;
  if (!json.load(text) && extractor.extract(text, json, key, problem) == sp::KeyStatus::Ok) k.parsed = key;
  return k;
}

}  // namespace

TEST_CASE("sp-dedup: a scanned key equals the parsed key, canonical or raw", "[sp-dedup]") {
  for (bool raw : {false, true}) {
    for (const char* record : {R"({"id":"evt-1","x":1})", R"({"a":{"id":"inner"},"id":"outer"})",
                               R"( { "t" : [1,"]\\"] , "id" : "spaced" } )", R"({"id":"","id":"second"})",
                               "{\"id\":\"caf\xC3\xA9\"}"}) {
      INFO(record << (raw ? " --raw" : ""));
      Keys k = keys_of(record, "id", raw);
      CHECK(k.scanned);
      CHECK(k.scan == k.parsed);
    }
  }
  CHECK(keys_of(R"({"id":"evt-1"})", "id", false).scan == R"(["evt-1"])");
}

TEST_CASE("sp-dedup: an integer key is scanned as the parse gives it, canonical or raw", "[sp-dedup]") {
  for (bool raw : {false, true}) {
    for (const char* record : {R"({"id":42})", R"({"id":-0,"x":1})", R"({"a":[1],"id":9223372036854775807})",
                               R"({"id":-9223372036854775808})", R"({"id":18446744073709551615})"}) {
      INFO(record << (raw ? " --raw" : ""));
      Keys k = keys_of(record, "id", raw);
      CHECK(k.scanned);
      CHECK(k.scan == k.parsed);
    }
  }
  CHECK(keys_of(R"({"id":-0})", "id", false).scan == "[0]");
  CHECK(keys_of(R"({"id":-0})", "id", true).scan == "[-0]");
  // Past 64 bits the canonical key goes through a double: left to the parse.
  CHECK(!keys_of(R"({"id":18446744073709551616})", "id", false).scanned);
  Keys big = keys_of(R"({"id":18446744073709551616})", "id", true);
  CHECK(big.scanned);
  CHECK(big.scan == big.parsed);
}

TEST_CASE("sp-dedup: records the key scan leaves to the parser", "[sp-dedup]") {
  for (const char* record : {R"({"id":"\u0041"})", R"({"id":1.0})", R"({"id":null})", R"({"x":1})",
                             R"({"id":"a","x":1)", R"([{"id":"a"}])"}) {
    INFO(record);
    CHECK(!keys_of(record, "id", false).scanned);
  }
  CHECK(!keys_of(R"({"a":{"b":"x"}})", "a.b", false).scanned);  // a path, not one name
  CHECK(!keys_of(R"({"a":"x","b":"y"})", "a,b", false).scanned);
  CHECK(!keys_of(R"({"a":"x"})", "", true).scanned);              // the whole record
}
