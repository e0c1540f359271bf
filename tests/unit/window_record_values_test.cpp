// sp-window's RecordValues: the fast way (targets in the last record's
// order) must read exactly what the full pass over every key reads.
#include <catch2/catch.hpp>

#include <memory>
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
