// sp-parse's fast CSV row writer: expected output written by hand, and the
// lines it must leave to the general path.
#include "tools/sp-parse/csv_json_row.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace sp;

namespace {

// The row as JSON, or "declined". The line is an exact-size heap copy and
// the output area exactly max_size(), so the sanitizer build sees any access
// outside them.
std::string row(std::string_view line, std::vector<std::string> names = {"a", "b"}, char delimiter = ',') {
  CsvJsonRow writer(delimiter);
  writer.set_names(names);
  auto in = std::make_unique<char[]>(line.size() + 1);
  std::memcpy(in.get(), line.data(), line.size());
  size_t room = writer.max_size(line.size());
  auto out = std::make_unique<char[]>(room);
  size_t size = writer.write(std::string_view(in.get(), line.size()), out.get());
  REQUIRE(size <= room);
  return size == 0 ? "declined" : std::string(out.get(), size);
}

}  // namespace

TEST_CASE("csv json row: plain, quoted and empty fields", "[csv][sp-parse]") {
  CHECK(row("1,x y") == R"({"a":"1","b":"x y"})");
  CHECK(row(",") == R"({"a":"","b":""})");
  CHECK(row(R"("","")") == R"({"a":"","b":""})");
  CHECK(row(R"("x,""y""",2)") == R"({"a":"x,\"y\"","b":"2"})");
  CHECK(row(R"("""",2)") == R"({"a":"\"","b":"2"})");
  CHECK(row("1") == "declined");    // too few fields
  CHECK(row("1,2,3") == "declined");  // too many
  CHECK(row("x", {}) == "declined");
  CHECK(row("only", {"one"}) == R"({"one":"only"})");
}

TEST_CASE("csv json row: quotes in unquoted fields, backslashes and control bytes are escaped", "[csv][sp-parse]") {
  CHECK(row(R"(5" screen,a\b)") == R"({"a":"5\" screen","b":"a\\b"})");
  CHECK(row("\"a\\\"\"\x01\",\r") == R"({"a":"a\\\"\u0001","b":"\r"})");
  CHECK(row("x,y", {"q\"x", "\n"}) == R"({"q\"x":"x","\n":"y"})");
  CHECK(row("\xc3\xa9,\x7f") == "{\"a\":\"\xc3\xa9\",\"b\":\"\x7f\"}");
}

TEST_CASE("csv json row: lines the general path must read", "[csv][sp-parse]") {
  CHECK(row(R"("open,2)") == "declined");   // the quoted field goes on past the line end
  CHECK(row(R"(1,"open)") == "declined");
  CHECK(row(R"("ab"cd,2)") == "declined");  // text after the closing quote
  CHECK(row(R"(1,"ab" )") == "declined");
}

TEST_CASE("csv json row: other delimiters, in and out of quotes", "[csv][sp-parse]") {
  CHECK(row("x\ty\t", {"a", "b", "c"}, '\t') == R"({"a":"x","b":"y","c":""})");
  CHECK(row("\"x\ty\"\t2", {"a", "b"}, '\t') == R"({"a":"x\ty","b":"2"})");
  CHECK(row(R"(a\"c\d"\b,"x)", {"a", "b", "c"}, '\\') == R"({"a":"a","b":"c\\d","c":"b,\"x"})");
  CHECK(row("1\xa7\xc3\xa9", {"a", "b"}, '\xa7') == "{\"a\":\"1\",\"b\":\"\xc3\xa9\"}");
}

TEST_CASE("csv json row: long fields, escapes near the line end, long names", "[csv][sp-parse]") {
  std::string long_value(70, 'v');
  std::string with_tail = long_value + "\"" + "w";  // the quote is in the last, partial block
  CHECK(row("1," + with_tail) == R"({"a":"1","b":")" + long_value + R"(\"w"})");
  CHECK(row("\"" + long_value + "\"\"\"," + long_value) ==
        R"({"a":")" + long_value + R"(\"","b":")" + long_value + R"("})");
  std::string long_name(45, 'n');
  CHECK(row("1,2", {long_name, "b"}) == R"({")" + long_name + R"(":"1","b":"2"})");
}
