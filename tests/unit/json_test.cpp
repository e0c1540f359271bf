#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <random>

#include "libcommon/errors.h"
#include "libcommon/json_record.h"
#include "libcommon/json_writer.h"

namespace {

// Copies text into a buffer with simdjson's padding, as the input reader does.
struct Padded {
  std::string buffer;
  std::string_view view;
  explicit Padded(std::string_view text) : buffer(text) {
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    view = std::string_view(buffer.data(), text.size());
  }
};

std::string value_text(sp::JsonRecord& record, const char* path) {
  simdjson::ondemand::value value;
  auto error = record.find(sp::FieldPath::parse(path), value);
  if (error) return std::string("error:") + simdjson::error_message(error);
  std::string_view raw;
  REQUIRE(sp::raw_json_of(value, raw) == simdjson::SUCCESS);
  return std::string(raw);
}

}  // namespace

TEST_CASE("json strings are escaped for NDJSON", "[json]") {
  std::string out;
  sp::append_json_string(out, "a\"b\\c\nd\te\x01" "f\x1f" "é");
  CHECK(out == "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001fé\"");
}

TEST_CASE("json numbers use the shortest round-trip form", "[json]") {
  std::string out;
  sp::append_json_number(out, 0.1);
  out += ' ';
  sp::append_json_number(out, 1e21);
  out += ' ';
  sp::append_json_number(out, int64_t{-42});
  out += ' ';
  sp::append_json_number(out, std::numeric_limits<double>::quiet_NaN());
  CHECK(out == "0.1 1e+21 -42 null");
}

TEST_CASE("json numbers: whole numbers print as std::to_chars prints them", "[json]") {
  // append_json_number takes a shortcut for small whole numbers.
  auto expected = [](double v) {
    char buf[32];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  };
  auto printed = [](double v) {
    std::string out;
    sp::append_json_number(out, v);
    return out;
  };
  for (int i = -100001; i <= 100001; ++i) REQUIRE(printed(i) == expected(i));
  for (double v : {0.0, -0.0, 0.5, -0.5, 99999.5, -99999.5, 99999.999999, 1e5, -1e5, 1e5 + 1, 123456.0, 1e15, 4e9,
                   -2147483648.0, 2147483648.0, 1e-300, std::nextafter(100000.0, 0.0)}) {
    INFO(v);
    CHECK(printed(v) == expected(v));
  }
  CHECK(printed(-0.0) == "-0");
  CHECK(printed(100000) == "1e+05");
}

TEST_CASE("json writer places commas and colons", "[json]") {
  std::string out;
  sp::JsonWriter w(out);
  w.begin_object();
  w.key("a");
  w.number(int64_t{1});
  w.key("b");
  w.begin_array();
  w.string("x");
  w.null();
  w.boolean(true);
  w.begin_object();
  w.end_object();
  w.end_array();
  w.key("c");
  w.raw("{\"d\":[1,2]}");
  w.end_object();
  CHECK(out == R"({"a":1,"b":["x",null,true,{}],"c":{"d":[1,2]}})");
}

TEST_CASE("field paths parse dots and escaped dots", "[json]") {
  auto p = sp::FieldPath::parse("a.b\\.c.d");
  REQUIRE(p.segments() == std::vector<std::string>{"a", "b.c", "d"});
  CHECK_THROWS_AS(sp::FieldPath::parse(""), sp::UsageError);
  CHECK_THROWS_AS(sp::FieldPath::parse("a..b"), sp::UsageError);
  CHECK_THROWS_AS(sp::FieldPath::parse(".a"), sp::UsageError);
  CHECK_THROWS_AS(sp::FieldPath::parse("a."), sp::UsageError);
  CHECK(sp::parse_field_list("user,geo.country").size() == 2);
}

TEST_CASE("json record finds fields in any order, nested, raw", "[json]") {
  Padded text(R"({"ts":"2026-01-01T00:00:00Z","user":{"id":7,"tags":["a","b"]},"n":1.50 ,"s":"x\"y"})");
  sp::JsonRecord record;
  REQUIRE(record.load(text.view) == simdjson::SUCCESS);
  CHECK(value_text(record, "n") == "1.50");
  CHECK(value_text(record, "ts") == "\"2026-01-01T00:00:00Z\"");
  CHECK(value_text(record, "user.tags") == "[\"a\",\"b\"]");
  CHECK(value_text(record, "user") == R"({"id":7,"tags":["a","b"]})");
  CHECK(value_text(record, "user.id") == "7");
  CHECK(value_text(record, "s") == "\"x\\\"y\"");
  CHECK(value_text(record, "missing").rfind("error:", 0) == 0);
  CHECK(value_text(record, "ts.inner").rfind("error:", 0) == 0);
}

TEST_CASE("json numbers of more than 19 digits are read again, correctly rounded", "[json]") {
  // Values as Python's float() reads the same text.
  const std::pair<std::string_view, double> cases[] = {
      {"0.95000000000000000000", 0.95},
      {"0.999999999999999099999", 0.9999999999999991},
      {"-0.6929479326294941499265791299", -0.6929479326294942},
      {"0.000942293946899939971599099599e-3", 9.42293946899940e-07},
      {"12345678901234567890123", 1.2345678901234568e+22},
  };
  for (auto [token, expected] : cases) {
    INFO(token);
    double number = -1;
    sp::correct_long_number(token, number);
    CHECK(number == expected);
  }
  // Up to 19 digits simdjson's reading stands, untouched.
  for (std::string_view token : {"0.950000000000000000", "-1234567890123456789e5", "-1.234567890123456789e+300"}) {
    INFO(token);
    double number = -1;
    sp::correct_long_number(token, number);
    CHECK(number == -1);
  }
}

TEST_CASE("json record: a key given twice reads as its first occurrence", "[json]") {
  // Lookups after others, in any order: each starts again from the top.
  Padded text(R"({"a":1,"o":{"x":1,"y":2,"x":3},"b":2,"a":3,"o":{"x":9}})");
  sp::JsonRecord record;
  REQUIRE(record.load(text.view) == simdjson::SUCCESS);
  CHECK(value_text(record, "b") == "2");
  CHECK(value_text(record, "a") == "1");
  CHECK(value_text(record, "o.y") == "2");
  CHECK(value_text(record, "o.x") == "1");
  CHECK(value_text(record, "a") == "1");
  CHECK(value_text(record, "o") == R"({"x":1,"y":2,"x":3})");
}

TEST_CASE("json record validation names the problem", "[json]") {
  sp::JsonRecord record;
  std::string reason;
  Padded good(R"({"a":[1,2,{"b":null}]})");
  REQUIRE(record.load(good.view) == simdjson::SUCCESS);
  CHECK(record.validate_object(reason));
  Padded array("[1,2]");
  record.load(array.view);
  CHECK_FALSE(record.validate_object(reason));
  CHECK(reason == "not a JSON object");
  Padded broken(R"({"a":1)");
  record.load(broken.view);
  CHECK_FALSE(record.validate_object(reason));
  CHECK(reason.rfind("invalid JSON", 0) == 0);
  Padded trailing(R"({"a":1} x)");
  record.load(trailing.view);
  CHECK_FALSE(record.validate_object(reason));
}

// The driver leaves UTF-8 to this load (LineCheck::NulOnly): simdjson's
// first stage validates every byte of the line, wherever it lies.
TEST_CASE("json record: a line that is not valid UTF-8 does not load, wherever the bad byte is", "[json]") {
  sp::JsonRecord record;
  const std::string good =
      R"({"ts":"2026-01-01T00:00:00.000Z","id":"evt-12e334ef45694359","user":"u53","session":"s-61860ba8",)"
      R"("event":"search","amount":0.00,"latency_ms":35,"country":"MX","city":"Guadalajara",)"
      R"("ua":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"})";
  // After the line, in the padding, any bytes may follow (the next line's).
  std::string buffer = good + std::string(simdjson::SIMDJSON_PADDING, '\xff');
  REQUIRE(record.load(std::string_view(buffer.data(), good.size())) == simdjson::SUCCESS);
  for (const char* bad : {"\xff", "\xc0\xaf", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    // In a value no tool reads, in a key, in whitespace and after the object.
    for (size_t at : {good.size() - 3, good.find("city"), good.find(",\"event") + 1, good.size()}) {
      std::string line = good;
      line.insert(at, bad);
      Padded padded(line);
      INFO("bad bytes at " << at);
      CHECK(record.load(padded.view) != simdjson::SUCCESS);
    }
  }
  // Random bytes from 0x80 up at random places: every line that is not
  // valid UTF-8 fails to load.
  std::mt19937 random(7);
  size_t invalid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line = good;
    for (int k = 0; k < 1 + i % 3; ++k) {
      line[random() % line.size()] = static_cast<char>(0x80 + random() % 0x80);
    }
    if (simdjson::validate_utf8(line.data(), line.size())) continue;
    ++invalid;
    Padded padded(line);
    if (record.load(padded.view) == simdjson::SUCCESS) FAIL("loaded, yet not UTF-8: " << line);
  }
  CHECK(invalid > 15000);
}

namespace {

// Splits padded text at '\n' (dropping empty lines), as the line splitter
// hands a batch out, and asks whether all lines are valid objects.
bool batch_valid(std::string_view text) {
  Padded buffer(text);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    size_t stop = end;
    if (stop > start && text[stop - 1] == '\r') --stop;
    if (stop > start) lines.push_back(buffer.view.substr(start, stop - start));
    start = end + 1;
  }
  sp::JsonValidator validator;
  return validator.all_objects(lines);
}

}  // namespace

TEST_CASE("json batch validation: every line one object, or no answer", "[json]") {
  CHECK(batch_valid("{\"a\":1}\n{\"b\":[1,2]}\n{}"));
  CHECK(batch_valid("{\"a\":1}\r\n\n\n  {\"b\":\"x\"}  \r\n"));
  CHECK_FALSE(batch_valid(""));
  CHECK_FALSE(batch_valid("{\"a\":1}\n{\"b\":2"));            // truncated last line
  CHECK_FALSE(batch_valid("{\"a\":1}\n[1,2]\n{}"));           // not an object
  CHECK_FALSE(batch_valid("{\"a\":1}\n42\n{}"));              // a scalar
  CHECK_FALSE(batch_valid("{\"a\":1} {\"b\":2}\n{}"));        // two documents on one line
  CHECK_FALSE(batch_valid("{\"a\":\n1}\n{}"));                // one document over two lines
  CHECK_FALSE(batch_valid("{\"a\":1}\n{\"b\"\n:2}{\"c\":3}"));   // ... with the counts still agreeing
  CHECK_FALSE(batch_valid("{\"a\":1}\n{\"b\":tru}\n{}"));     // invalid in the middle
  CHECK_FALSE(batch_valid("{\"a\":1}\n{\"b\":\"\xff\"}\n{}"));  // invalid UTF-8
  CHECK_FALSE(batch_valid("{\"a\":1} x\n{}"));                // trailing garbage
  CHECK_FALSE(batch_valid("{\"a\":1}\n \n{}"));               // a blank (not empty) line
}

TEST_CASE("json batch validation refuses lines with anything else between them", "[json]") {
  Padded buffer("{\"a\":1}\nxx{\"b\":2}");
  std::vector<std::string_view> lines{buffer.view.substr(0, 7), buffer.view.substr(10)};
  sp::JsonValidator validator;
  CHECK_FALSE(validator.all_objects(lines));
  lines[1] = buffer.view.substr(8);  // "xx{...}" as the line: not an object
  CHECK_FALSE(validator.all_objects(lines));
}
