// PlainMemberScan and PlainMembersScan: what they find, and every case
// where they must give up and leave the record to simdjson.
#include <catch2/catch.hpp>

#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "libcommon/json_member_scan.h"

namespace {

// The scan's answer for `record`, followed by bytes that would mislead a
// read past its end: a string's bytes, or "int:" and an integer's token.
std::optional<std::string> scanned(std::string record, std::string_view name = "user") {
  const size_t size = record.size();
  record.append(64, '"');
  sp::PlainMemberScan scan(name);
  sp::PlainMemberScan::Value value;
  if (!scan.find(std::string_view(record.data(), size), value)) return std::nullopt;
  CHECK(value.text.data() >= record.data());
  CHECK(value.text.data() + value.text.size() <= record.data() + size);
  const bool integer = value.kind == sp::PlainMemberScan::Value::Kind::Integer;
  return (integer ? "int:" : "") + std::string(value.text);
}

}  // namespace

TEST_CASE("member scan: finds a plain string member after members of any kind") {
  CHECK(scanned(R"({"user":"alice"})") == "alice");
  CHECK(scanned(R"({"ts":"2026-01-01T00:00:00Z","id":7,"user":"u1","x":1})") == "u1");
  CHECK(scanned(R"({"user":""})") == "");
  CHECK(scanned(" \t{ \"a\" : true , \"user\" : \"sp\" } \r") == "sp");
  CHECK(scanned(R"({"a":{"b":[1,{"c":"}]"}],"d":null},"e":[],"f":{},"user":"deep"})") == "deep");
  CHECK(scanned(R"({"a":"q\"uote\\","b":"\u00e9","user":"after escapes"})") == "after escapes");
  CHECK(scanned(R"({"a":-1.5e3,"b":false,"c":null,"user":"v"})") == "v");
  CHECK(scanned("{\"user\":\"caf\xC3\xA9\"}") == "caf\xC3\xA9");
  CHECK(scanned(R"({"user":"first","user":"second"})") == "first");  // as simdjson: the first
  CHECK(scanned(R"({"users":"no","use":"no","user":"yes"})") == "yes");
  // A string longer than one vector, with its closing quote in the next.
  CHECK(scanned(R"({"pad":")" + std::string(100, 'p') + R"(","user":")" + std::string(70, 'u') + R"("})") ==
        std::string(70, 'u'));
}

TEST_CASE("member scan: what follows the value is not read, but the record must end with '}'") {
  // Malformed only after the key: passes, as documented in sp(7).
  CHECK(scanned(R"({"user":"a","x":NaN})") == "a");
  CHECK(scanned(R"({"user":"a","x":"unclosed})") == "a");
  // Cut short, or bytes after the object: left to simdjson.
  CHECK(!scanned(R"({"user":"a","x":1)"));
  CHECK(!scanned(R"({"user":"a"} trailing)"));
  CHECK(!scanned(R"({"user":"a")"));
}

TEST_CASE("member scan: gives up on anything not plain") {
  CHECK(!scanned(R"({"user":"a\u0041"})"));      // an escaped value: simdjson unescapes it
  CHECK(!scanned(R"({"user":1.5})"));            // not an integer: canonical JSON is simdjson's
  CHECK(!scanned(R"({"user":1e3})"));
  CHECK(!scanned(R"({"user":null})"));
  CHECK(!scanned(R"({"user":{"a":1}})"));
  CHECK(!scanned(R"({"us\u0065r":"z","user":"w"})"));  // an escaped key before it
  CHECK(!scanned(R"({"a":"tab	inside","user":"x"})"));  // a raw control byte in a string
  CHECK(!scanned("{\"user\":\"nl\ninside\"}"));
  CHECK(!scanned(R"({"a":[1,2},"user":"m"})"));  // brackets that do not match
  CHECK(!scanned(R"({"a":1 2,"user":"n"})"));    // no comma
  CHECK(!scanned(R"({"a":"x""b","user":"n"})"));
  CHECK(!scanned(R"({"a":,"user":"n"})"));       // no value
  CHECK(!scanned(R"({"a":}"user":"n"})"));
  CHECK(!scanned(R"({"user"  "x"})"));           // no colon
  CHECK(!scanned(R"({"other":"x"})"));           // missing: simdjson says so
  CHECK(!scanned(R"({})"));
  CHECK(!scanned(R"([{"user":"x"}])"));          // not an object
  CHECK(!scanned(R"("user")"));
  CHECK(!scanned(""));
  CHECK(!scanned("   "));
  CHECK(!scanned(R"({"a":")"));                  // ends inside a string
  CHECK(!scanned(R"({"a":"x\)"));
  std::string deep = R"({"a":)" + std::string(65, '[') + std::string(65, ']') + R"(,"user":"x"})";
  CHECK(!scanned(deep));  // deeper than the scan keeps count of
  std::string deep_enough = R"({"a":)" + std::string(64, '[') + std::string(64, ']') + R"(,"user":"x"})";
  CHECK(scanned(deep_enough) == "x");
}

TEST_CASE("member scan: names it cannot compare as simdjson would are never found") {
  CHECK(!sp::PlainMemberScan("a\"b").usable());
  CHECK(!sp::PlainMemberScan("a\\b").usable());
  CHECK(!sp::PlainMemberScan("a\tb").usable());
  CHECK(sp::PlainMemberScan("caf\xC3\xA9").usable());
  CHECK(!scanned(R"({"a\"b":"x"})", "a\"b"));
  CHECK(scanned("{\"caf\xC3\xA9\":\"x\"}", "caf\xC3\xA9") == "x");
}

TEST_CASE("member scan: finds an integer as JSON writes it, and nothing else that looks like one") {
  CHECK(scanned(R"({"user":42})") == "int:42");
  CHECK(scanned(R"({"a":"x","user":-7,"b":1})") == "int:-7");
  CHECK(scanned(R"({"user":0 })") == "int:0");
  CHECK(scanned(R"({"user":-0})") == "int:-0");
  CHECK(scanned(R"({"user":18446744073709551616})") == "int:18446744073709551616");  // range: the caller's
  for (const char* record : {R"({"user":01})", R"({"user":-})", R"({"user":+1})", R"({"user":1.0})",
                             R"({"user":1E2})", R"({"user":1x})", R"({"user":1"a"})", R"({"user":1[]})",
                             R"({"user":--1})", R"({"user":1)", R"({"user":1} x)"}) {
    INFO(record);
    CHECK(!scanned(record));
  }
}

namespace {

// PlainMembersScan's answer for `record` and names "ts", "user", "amount":
// each value as "s:" and a string's bytes, or "n:", the token, "/i" for an
// integer, and the value; followed in memory by misleading bytes as above.
std::optional<std::vector<std::string>> scanned_all(std::string record,
                                                    std::vector<std::string> names = {"ts", "user", "amount"}) {
  const size_t size = record.size();
  record.append(64, '"');
  sp::PlainMembersScan scan(names);
  REQUIRE(scan.usable());
  std::vector<sp::ScannedMember> values(names.size());
  if (!scan.find(std::string_view(record.data(), size), values)) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : values) {
    CHECK(v.text.data() >= record.data());
    CHECK(v.text.data() + v.text.size() <= record.data() + size);
    if (v.kind == sp::ScannedMember::Kind::String) {
      out.push_back("s:" + std::string(v.text));
    } else {
      std::ostringstream number;
      number << std::setprecision(17) << v.number;
      out.push_back("n:" + std::string(v.text) + (v.integral ? "/i " : " ") + number.str());
    }
  }
  return out;
}

using Found = std::vector<std::string>;

}  // namespace

TEST_CASE("members scan: finds several names in one pass, in any order") {
  CHECK(scanned_all(R"({"ts":"t1","user":"u","amount":1.5})") == Found{"s:t1", "s:u", "n:1.5 1.5"});
  CHECK(scanned_all(R"({"amount":-2,"x":[1,{"a":"}"}],"user":"u","ts":1767225600})") ==
        Found{"n:1767225600/i 1767225600", "s:u", "n:-2/i -2"});
  CHECK(scanned_all(R"( { "ts" : "t" , "user" : "u" , "amount" : 1e3 } )") == Found{"s:t", "s:u", "n:1e3 1000"});
  // First occurrences win, as in simdjson.
  CHECK(scanned_all(R"({"ts":"a","ts":"b","user":"u","user":"v","amount":1,"amount":2})") ==
        Found{"s:a", "s:u", "n:1/i 1"});
  // Past the last name nothing is read but the final '}'.
  CHECK(scanned_all(R"({"ts":"t","user":"u","amount":0,"x":"unterminated})") == Found{"s:t", "s:u", "n:0/i 0"});
  CHECK(!scanned_all(R"({"ts":"t","user":"u","amount":0,"x":1)"));
}

TEST_CASE("members scan: reads numbers of every JSON form, rounded as simdjson rounds them") {
  auto amount = [](std::string token) -> std::optional<std::string> {
    auto found = scanned_all(R"({"ts":"t","user":"u","amount":)" + token + "}");
    if (!found) return std::nullopt;
    return (*found)[2];
  };
  CHECK(amount("-0") == "n:-0/i -0");
  CHECK(amount("0.1") == "n:0.1 0.10000000000000001");
  CHECK(amount("-2.5E-1") == "n:-2.5E-1 -0.25");
  CHECK(amount("1e+2") == "n:1e+2 100");
  CHECK(amount("9007199254740993") == "n:9007199254740993/i 9007199254740992");  // to even
  CHECK(amount("12345678901234567890123") == "n:12345678901234567890123/i 1.2345678901234568e+22");
  CHECK(amount("1.7976931348623157e308") == "n:1.7976931348623157e308 1.7976931348623157e+308");
  // Out of a double's range: left to the parse, which rejects or rounds.
  CHECK(!amount("1e400"));
  CHECK(!amount("-1e400"));
  CHECK(!amount("1e-400"));
  for (const char* token : {"01", "1.", ".5", "1.e3", "1e", "1e+", "+1", "-", "1x", "0x10", "NaN", "1.5.5", "true",
                            "null", R"("a\"b")", "[1]", "{}"}) {
    INFO(token);
    CHECK(!amount(token));
  }
}

TEST_CASE("members scan: gives up when a name is missing or any value is not plain") {
  CHECK(!scanned_all(R"({"ts":"t","user":"u"})"));
  CHECK(!scanned_all(R"({"ts":"t","user":"u\u0041","amount":1})"));
  CHECK(!scanned_all(R"({"ts":"t","user":null,"amount":1})"));
  CHECK(!scanned_all(R"({"ts":"t","note":"a\"b","user":{"a":1},"amount":1})"));
  CHECK(!scanned_all(R"([{"ts":"t","user":"u","amount":1}])"));
  CHECK(!scanned_all(""));
}

TEST_CASE("members scan: names it cannot take") {
  CHECK(!sp::PlainMembersScan({"a", "a"}).usable());
  CHECK(!sp::PlainMembersScan({"a", "b\"c"}).usable());
  CHECK(sp::PlainMembersScan({"a", "b"}).usable());
  std::vector<std::string> many;
  for (int i = 0; i < 65; ++i) many.push_back("f" + std::to_string(i));
  CHECK(!sp::PlainMembersScan(many).usable());
  many.pop_back();
  CHECK(sp::PlainMembersScan(many).usable());
}
