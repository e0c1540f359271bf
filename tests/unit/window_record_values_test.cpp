// sp-window's RecordValues: the fast way (targets in the last record's
// order) must read exactly what the full pass over every key reads, and
// the values the member scan found exactly what the parse reads.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/sp-window/record_values.h"

using namespace sp;

namespace {

struct Read {
  bool ok;
  std::string key;
  std::vector<std::string> texts;
  bool operator==(const Read&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Read& r) {
  os << (r.ok ? "ok" : "rejected") << " key=" << r.key.size() << "B";
  for (const auto& t : r.texts) os << " [" << t << "]";
  return os;
}

std::unique_ptr<RecordValues> make_values() {
  return std::make_unique<RecordValues>(parse_field_list("user"), parse_field_list("amount,ts"),
                                        std::vector<bool>{true, true});
}

Read read(RecordValues& values, const std::string& json) {
  std::string padded = json + std::string(simdjson::SIMDJSON_PADDING, ' ');
  JsonRecord record;
  REQUIRE(record.load(std::string_view(padded.data(), json.size())) == simdjson::SUCCESS);
  std::string reason;
  Read r{values.read(record, reason), "", {}};
  if (!r.ok) return r;
  r.key = std::string(values.group_key());
  for (int i = 0; i < 2; ++i) r.texts.push_back(values.value(i).text);
  return r;
}

}  // namespace

TEST_CASE("sp-window record values: the learned order reads what the full pass reads", "[sp-window]") {
  const std::vector<std::string> records = {
      R"({"ts":1,"user":"a","amount":1.5})",                 // learns ts, user, amount
      R"({"ts":2,"user":"b","amount":2})",                   // same order: the fast way
      R"({"amount":3,"ts":3,"user":"c"})",                   // another order
      R"({"ts":4,"amount":4,"user":"d"})",
      R"({"ts":5,"user":"e"})",                              // amount missing
      R"({"ts":6,"user":"f","amount":6})",
      R"({"ts":7,"amount":70,"user":"g","amount":7})",       // a duplicate before the learned place: first wins
      R"({"ts":8,"user":"h","amount":8,"amount":80})",       // a duplicate after it: first wins
      R"({"ts":9,"user":"i","ts":90,"amount":9})",
      R"({"ts":10,"note":"\"amount\"","user":"j","amount":10})",  // the quoted name inside a string
      R"({"ts":11,"nested":{"amount":0},"user":"k","amount":11})",  // and as a nested key
      R"({"ts" :12, "user" : "l" , "amount" :12 })",          // whitespace around keys
      R"({"ts":13,"user":{"id":1},"amount":[1,2]})",          // non-scalar values
      R"([1,2])",                                              // not an object
      R"({"ts":15,"user":"o","amount":15})",
  };
  auto learning = make_values();
  for (const auto& json : records) {
    INFO(json);
    auto fresh = make_values();  // has learned nothing: always the full pass
    CHECK(read(*learning, json) == read(*fresh, json));
  }
}

TEST_CASE("sp-window record values: with duplicate keys the first one counts", "[sp-window]") {
  auto values = make_values();
  read(*values, R"({"ts":1,"user":"a","amount":1})");
  Read r = read(*values, R"({"ts":2,"amount":5,"user":"b","amount":6})");
  REQUIRE(r.ok);
  CHECK(r.texts[0] == "5");
  r = read(*values, R"({"ts":3,"user":"c","amount":7,"amount":8})");
  REQUIRE(r.ok);
  CHECK(r.texts[0] == "7");
  CHECK(r.key == std::string("\"c\"") + '\0');
}

namespace {

// What RecordValues reads from the member scan's values, in the form read()
// above gives; nullopt when the scan leaves the record to the parse.
std::optional<Read> read_scanned(RecordValues& values, const std::string& json) {
  auto names = values.scanned_names();
  REQUIRE(names);
  PlainMembersScan scan(*names);
  REQUIRE(scan.usable());
  std::vector<ScannedMember> members(scan.names().size());
  if (!scan.find(json, members)) return std::nullopt;
  values.read_scanned(members.data());
  Read r{true, std::string(values.group_key()), {}};
  for (int i = 0; i < 2; ++i) r.texts.push_back(values.value(i).text);
  return r;
}

}  // namespace

TEST_CASE("sp-window record values: what the scan finds reads as the parse reads it", "[sp-window]") {
  const std::vector<std::string> records = {
      R"({"ts":1,"user":"a","amount":1.5})",
      R"({"amount":2,"ts":"2026-01-01T00:00:00Z","user":"b"})",
      R"({"ts":3,"user":"c","amount":1e3})",
      R"({"ts":4,"user":"d","amount":-0})",
      R"({"ts":5,"user":"e","amount":-0.0})",
      R"({"ts":6,"user":"f","amount":0.1})",
      R"({"ts":7,"user":"caf\u00e9","amount":1})",            // left to the parse
      "{\"ts\":8,\"user\":\"caf\xC3\xA9\",\"amount\":1}",
      R"({"ts":9,"user":"g","amount":12345678901234567890123})",
      R"({"ts":10,"user":"h","amount":2.5E-3,"x":[1,2]})",
      R"({"ts":11,"user":"i","user":"j","amount":"11","amount":12})",
      R"({"ts":12,"user":42,"amount":1})",
      R"({"ts":13,"user":-1.50,"amount":1})",
      R"({"ts":14,"user":"k","amount":0.95000000000000000000})",  // more digits than a double holds
  };
  size_t compared = 0;
  for (const auto& json : records) {
    INFO(json);
    auto parsed = make_values();
    auto scanned = make_values();
    std::optional<Read> from_scan = read_scanned(*scanned, json);
    if (!from_scan) continue;
    ++compared;
    Read from_parse = read(*parsed, json);
    CHECK(*from_scan == from_parse);
    // The numbers too, which the texts above do not all show.
    for (int i = 0; i < 2; ++i) {
      CHECK(scanned->value(i).kind == parsed->value(i).kind);
      if (parsed->value(i).kind == FieldValue::Kind::Number) {
        CHECK(std::signbit(scanned->value(i).number) == std::signbit(parsed->value(i).number));
        CHECK(scanned->value(i).number == parsed->value(i).number);
      }
    }
  }
  CHECK(compared == records.size() - 1);  // all but the escaped user
  auto values = make_values();
  CHECK(!read_scanned(*values, R"({"ts":7,"user":"caf\u00e9","amount":1})"));
  CHECK(read_scanned(*values, R"({"ts":8,"user":"u","amount":1})"));
}

TEST_CASE("sp-window record values: a number of more than 19 digits reads as the value it denotes", "[sp-window]") {
  auto values = make_values();
  Read r = read(*values, R"({"user":"a","amount":0.95000000000000000000,"ts":0.999999999999999099999e1})");
  REQUIRE(r.ok);
  CHECK(values->value(0).number == 0.95);
  CHECK(r.texts[0] == "0.95");
  CHECK(values->value(1).number == 9.999999999999991);
}

TEST_CASE("sp-window record values: nested paths and repeated --by fields are not scanned; no field at all scans for none", "[sp-window]") {
  CHECK(make_values()->scanned_names() == std::vector<std::string>{"user", "amount", "ts"});
  RecordValues nested(parse_field_list("geo.country"), parse_field_list("amount"), {false});
  CHECK(!nested.scanned_names());
  RecordValues repeated(parse_field_list("user,user"), parse_field_list("amount"), {false});
  CHECK(!repeated.scanned_names());
  RecordValues none({}, {}, {});
  CHECK(none.scanned_names() == std::vector<std::string>{});
  RecordValues both(parse_field_list("user"), parse_field_list("user"), {true});
  CHECK(both.scanned_names() == std::vector<std::string>{"user"});
}
