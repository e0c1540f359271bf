#include <catch2/catch.hpp>

#include "libcommon/json_canonical.h"

namespace {

std::string canon(std::string_view json) {
  std::string out, error;
  if (!sp::canonical_json(json, out, &error)) return "error";
  return out;
}

}  // namespace

TEST_CASE("canonical JSON ignores object member order, at every depth", "[sp-dedup]") {
  CHECK(canon(R"({"b":2,"a":1})") == R"({"a":1,"b":2})");
  CHECK(canon(R"({"a":1,"b":2})") == R"({"a":1,"b":2})");
  CHECK(canon(R"( { "z" : { "y" : [ 1 , { "b" : 1 , "a" : 2 } ] } , "a" : null } )") ==
        R"({"a":null,"z":{"y":[1,{"a":2,"b":1}]}})");
  CHECK(canon("{}") == "{}");
  CHECK(canon("[]") == "[]");
  // Array order matters.
  CHECK(canon("[1,2]") != canon("[2,1]"));
  // Duplicate members are kept, in a defined order.
  CHECK(canon(R"({"a":2,"a":1})") == R"({"a":1,"a":2})");
}

TEST_CASE("canonical JSON compares numbers by value and never conflates types", "[sp-dedup]") {
  CHECK(canon("1") == "1");
  CHECK(canon("1.0") == "1");
  CHECK(canon("1e0") == "1");
  CHECK(canon("10E-1") == "1");
  CHECK(canon("-0") == "0");
  CHECK(canon("-0.0") == "0");
  CHECK(canon("0.1") == "0.1");
  CHECK(canon("1.5e300") == "1.5e+300");
  CHECK(canon("1e18") == "1000000000000000000");
  CHECK(canon("-9223372036854775808") == "-9223372036854775808");
  CHECK(canon("18446744073709551615") == "18446744073709551615");
  // Exact 64-bit integers stay distinct even where doubles would merge them.
  CHECK(canon("9007199254740993") != canon("9007199254740992"));
  CHECK(canon("\"1\"") == "\"1\"");
  CHECK(canon("1") != canon("\"1\""));
  CHECK(canon("null") != canon("\"null\""));
  CHECK(canon("true") == "true");
  CHECK(canon("false") == "false");
  // More digits than simdjson's fast path holds (read again, correctly).
  CHECK(canon("0.95000000000000000000") == "0.95");
  CHECK(canon("-0.6929479326294941499265791299") == "-0.6929479326294942");
  CHECK(canon("0.791309393120599991819089951e5") == canon("79130.93931206"));
  std::string n;
  CHECK(sp::canonical_number("2.50", n));
  CHECK(n == "2.5");
  CHECK_FALSE(sp::canonical_number("\"2\"", n));
}

TEST_CASE("canonical JSON unescapes strings and escapes them minimally", "[sp-dedup]") {
  CHECK(canon(R"("\u0041\/")") == R"("A/")");
  CHECK(canon(R"("\u00e9")") == "\"\xc3\xa9\"");
  CHECK(canon(R"("a\nb\"")") == R"("a\nb\"")");
  CHECK(canon(R"({"\u0062":1,"a":2})") == R"({"a":2,"b":1})");
}

TEST_CASE("canonical JSON rejects malformed input", "[sp-dedup]") {
  CHECK(canon(R"({"a":1)") == "error");
  CHECK(canon(R"({"a":1} x)") == "error");
  CHECK(canon(R"({"a":tru})") == "error");
  CHECK(canon(R"({"a":01})") == "error");
  CHECK(canon(R"(["a" "b"])") == "error");
  CHECK(canon("") == "error");
}

TEST_CASE("canonical JSON refuses nesting deeper than 256 levels instead of overflowing the stack", "[sp-dedup]") {
  auto nested = [](size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(canon(nested(256)) == nested(256));
  CHECK(canon(nested(257)) == "error");
  CHECK(canon(nested(100'000)) == "error");
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += R"({"a":)";
  objects += "1" + std::string(100'000, '}');
  CHECK(canon(objects) == "error");
}
