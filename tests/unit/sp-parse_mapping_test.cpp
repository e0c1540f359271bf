// sp-parse's mapping layer: FieldMapper steps and their order, type
// conversions, event time, redaction, HMAC pseudonyms, schema files, JSON
// objects read into fields, and the output writer.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <string>
#include <vector>

#include "libcommon/errors.h"
#include "tools/sp-parse/mapping.h"
#include "tools/sp-parse/mapping_source.h"
#include "tools/sp-parse/pseudonymize.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/schema_file.h"

namespace {

using sp::Field;
using sp::ValueKind;

struct Mapped {
  bool ok;
  std::string out;  // the JSON object, or the reason
  sp::RejectKind kind = sp::RejectKind::InvalidJson;
};

// Reads `json` into fields (as --from json does) and maps them.
Mapped map(const sp::MappingOptions& options, const std::string& json) {
  sp::FieldMapper mapper(options);
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  auto doc = parser.iterate(padded);
  sp::ParsedRecord record;
  sp::Arena arena;
  simdjson::ondemand::object object;
  REQUIRE(!doc.get_object().get(object));
  REQUIRE(!sp::read_object_fields(object, mapper.flatten(), record.fields, arena));
  std::string reason;
  Mapped m{};
  m.ok = mapper.apply(record, arena, reason, m.kind);
  if (!m.ok) {
    m.out = reason;
    return m;
  }
  sp::write_fields_json(record.fields, m.out);
  return m;
}

std::string ok(const sp::MappingOptions& options, const std::string& json) {
  Mapped m = map(options, json);
  INFO(m.out);
  REQUIRE(m.ok);
  return m.out;
}

}  // namespace

TEST_CASE("mapping: no option is the identity") {
  sp::MappingOptions o;
  CHECK(sp::FieldMapper(o).identity());
  o.wrap = "v";
  CHECK_FALSE(sp::FieldMapper(o).identity());
  CHECK(sp::FieldMapper(o).only_wrap());
}

TEST_CASE("mapping: alias takes the first present name and drops the others") {
  sp::MappingOptions o;
  o.alias = {"user_id=CustomerID,customerId"};
  CHECK(ok(o, R"({"a":1,"customerId":"x","CustomerID":"y"})") == R"({"a":1,"user_id":"y"})");
  CHECK(ok(o, R"({"user_id":"u","CustomerID":"y"})") == R"({"user_id":"u"})");
  CHECK(ok(o, R"({"b":2})") == R"({"b":2})");
}

TEST_CASE("mapping: rename, default, keep and drop") {
  sp::MappingOptions o;
  o.rename = {"msg=message"};
  o.defaults = {"level=\"info\"", "n=5", "s=plain text"};
  CHECK(ok(o, R"({"msg":"hi","message":"old"})") == R"({"message":"hi","level":"info","n":5,"s":"plain text"})");
  o.keep = {"n", "message"};
  CHECK(ok(o, R"({"msg":"hi"})") == R"({"message":"hi","n":5})");
  o.keep.clear();
  o.drop = {"s", "level"};
  CHECK(ok(o, R"({"msg":"hi"})") == R"({"message":"hi","n":5})");
}

TEST_CASE("mapping: require rejects with the field named") {
  sp::MappingOptions o;
  o.require = {"id"};
  Mapped m = map(o, R"({"x":1})");
  CHECK_FALSE(m.ok);
  CHECK(m.out == "missing required field 'id'");
  CHECK(m.kind == sp::RejectKind::MissingRequired);
  CHECK(std::string(sp::reject_counter_name(m.kind)) == "rejected_missing_required");
  o.defaults = {"id=0"};  // defaults come before require
  CHECK(map(o, R"({"x":1})").ok);
}

TEST_CASE("mapping: types convert or reject, never null") {
  sp::MappingOptions o;
  o.types = {"i:int", "f:float", "b:bool", "s:string"};
  CHECK(ok(o, R"({"i":"42","f":"12.50","b":"yes","s":3})") == R"({"i":42,"f":12.5,"b":true,"s":"3"})");
  CHECK(ok(o, R"({"i":-7,"f":1e3,"b":0,"s":{"a":1}})") == R"({"i":-7,"f":1000,"b":false,"s":"{\"a\":1}"})");
  for (const char* bad : {R"({"i":"4x"})", R"({"i":1.5})", R"({"i":null})", R"({"f":"nan"})", R"({"f":""})",
                          R"({"b":"maybe"})", R"({"s":null})", R"({"i":true})"}) {
    Mapped m = map(o, bad);
    INFO(bad);
    CHECK_FALSE(m.ok);
    CHECK(m.kind == sp::RejectKind::BadType);
  }
  CHECK(map(o, R"({"f":"abc"})").out == "field 'f' is not a number: \"abc\"");
  CHECK_THROWS_AS(sp::FieldMapper([] {
                    sp::MappingOptions b;
                    b.types = {"x:decimal"};
                    return b;
                  }()),
                  sp::UsageError);
}

TEST_CASE("mapping: time field checked, rewritten only when asked") {
  sp::MappingOptions o;
  o.time_field = "ts";
  CHECK(ok(o, R"({"ts":1767225600})") == R"({"ts":1767225600})");
  Mapped missing = map(o, R"({"x":1})");
  CHECK(missing.out == "missing time field 'ts'");
  CHECK(missing.kind == sp::RejectKind::BadTime);
  CHECK(map(o, R"({"ts":"soon"})").out == "time field 'ts' is not a valid time: \"soon\"");
  CHECK(map(o, R"({"ts":[1]})").out == "time field 'ts' is neither a string nor a number");
  o.time_rewrite = true;
  CHECK(ok(o, R"({"ts":1767225600})") == R"({"ts":"2026-01-01T00:00:00.000Z"})");
  CHECK(ok(o, R"({"ts":"2026-01-01T01:00:00.25+01:00"})") == R"({"ts":"2026-01-01T00:00:00.250Z"})");
  o.time_out = "epoch_ms";
  CHECK(ok(o, R"({"ts":"2026-01-01T00:00:00.5Z"})") == R"({"ts":1767225600500})");
  o.alias = {"ts=timestamp"};
  CHECK(ok(o, R"({"timestamp":1767225600})") == R"({"ts":1767225600000})");
}

TEST_CASE("mapping: redact and flatten") {
  sp::MappingOptions o;
  o.redact = {"geo.ip", "email"};
  o.flatten = true;
  CHECK(ok(o, R"({"email":"a@b","geo":{"ip":"1.2.3.4","cc":"FR","x":{}}})") ==
        R"({"email":"[REDACTED]","geo.ip":"[REDACTED]","geo.cc":"FR","geo.x":{}})");
}

TEST_CASE("mapping: strings are unescaped and escaped again, numbers kept") {
  sp::MappingOptions o;
  o.drop = {"z"};
  CHECK(ok(o, R"({"k\u00e9":"a\"b\n\u0001","n":1.50e2,"o":[1, 2],"z":0})") ==
        "{\"k\xc3\xa9\":\"a\\\"b\\n\\u0001\",\"n\":1.50e2,\"o\":[1, 2]}");
}

TEST_CASE("mapping: names and strings without a backslash are copied, the others escaped") {
  sp::MappingOptions o;
  o.flatten = true;
  o.rename = {"p=q\"r"};  // a new name that needs an escape
  o.types = {"n:string", "o:string"};
  // Plain and escaped keys and values side by side, a flattened name under
  // an escaped prefix, whitespace after tokens, a renamed field, and
  // a number and an array that become strings.
  CHECK(ok(o, R"({ "a" : "x y" , "b\"c":"d\\e","g\u0068":{"i":"j","k":{"l\t":"m"}},"p":"v","n":1.5,"o":["s",1] })") ==
        R"({"a":"x y","b\"c":"d\\e","gh.i":"j","gh.k.l\t":"m","q\"r":"v","n":"1.5","o":"[\"s\",1]"})");
}

TEST_CASE("pseudonymize: HMAC-SHA256 hex (RFC 4231 test case 2)") {
  sp::Pseudonymizer p("Jefe");
  char hex[64];
  p.digest_hex("what do ya want for nothing?", hex);
  CHECK(std::string(hex, 64) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // The keyed context is restarted for each value: another value, then the
  // first again, give their own digests.
  p.digest_hex("", hex);
  CHECK(std::string(hex, 64) != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  p.digest_hex("what do ya want for nothing?", hex);
  CHECK(std::string(hex, 64) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("pseudonymize: a key longer than the hash block (RFC 4231 test case 6)") {
  sp::Pseudonymizer p(std::string(131, '\xaa'));
  char hex[64];
  p.digest_hex("Test Using Larger Than Block-Size Key - Hash Key First", hex);
  CHECK(std::string(hex, 64) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("schema file: merged under command-line options, unknown keys refused") {
  sp::MappingOptions o;
  o.keep = {"cli"};
  sp::SchemaScalarsGiven given;
  sp::merge_schema_text(R"({"alias":{"u":["A","B"],"v":"C"},"keep":["file"],"default":{"d":"x","n":1},
                             "type":{"amount":"float"},"flatten":true,"time_field":"ts","time_out":"epoch_ms"})",
                        "s.json", o, given);
  CHECK(o.alias == std::vector<std::string>{"u=A,B", "v=C"});
  CHECK(o.keep == std::vector<std::string>{"file", "cli"});
  CHECK(o.defaults == std::vector<std::string>{"d=\"x\"", "n=1"});
  CHECK(o.types == std::vector<std::string>{"amount:float"});
  CHECK(o.flatten);
  CHECK(o.time_field == "ts");
  CHECK(o.time_rewrite);
  try {
    sp::merge_schema_text(R"({"tpye":{}})", "s.json", o, given);
    FAIL("no error");
  } catch (const sp::UsageError& e) {
    CHECK(std::string(e.what()).find("unknown key 'tpye'") != std::string::npos);
  }
  CHECK_THROWS_AS(sp::merge_schema_text(R"({"keep":"a"})", "s.json", o, given), sp::UsageError);
  CHECK_THROWS_AS(sp::merge_schema_text(R"([1])", "s.json", o, given), sp::UsageError);
  CHECK_THROWS_AS(sp::merge_schema_text(R"({"flatten":1})", "s.json", o, given), sp::UsageError);
}
