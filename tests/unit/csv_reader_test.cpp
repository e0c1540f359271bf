#include "libcommon/csv_reader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

using namespace sp;

namespace {

std::vector<std::string> row(const CsvParser& p) { return {p.fields().begin(), p.fields().end()}; }
using Row = std::vector<std::string>;

}  // namespace

TEST_CASE("CsvParser splits plain rows into views of the line", "[csv][sp-parse]") {
  CsvParser p;
  std::string line = "a,b,,d";
  REQUIRE(p.feed(line) == CsvParser::Status::Row);
  CHECK(row(p) == Row{"a", "b", "", "d"});
  CHECK(p.fields()[0].data() == line.data());  // zero copy
  REQUIRE(p.feed(",") == CsvParser::Status::Row);
  CHECK(row(p) == Row{"", ""});
  REQUIRE(p.feed("x") == CsvParser::Status::Row);
  CHECK(row(p) == Row{"x"});
}

TEST_CASE("CsvParser reads quoted fields, doubled quotes and delimiters in quotes", "[csv][sp-parse]") {
  CsvParser p;
  REQUIRE(p.feed(R"("a,b","say ""hi""",c,"")") == CsvParser::Status::Row);
  CHECK(row(p) == Row{"a,b", "say \"hi\"", "c", ""});
  REQUIRE(p.feed(R"(5" screen,x"y")") == CsvParser::Status::Row);  // quotes inside unquoted fields are data
  CHECK(row(p) == Row{"5\" screen", "x\"y\""});
  REQUIRE(p.feed(R"("""")") == CsvParser::Status::Row);
  CHECK(row(p) == Row{"\""});
}

TEST_CASE("CsvParser continues a quoted field over lines with the given line break", "[csv][sp-parse]") {
  CsvParser p;
  REQUIRE(p.feed(R"(1,"first)") == CsvParser::Status::NeedMore);
  CHECK(p.pending());
  REQUIRE(p.feed("", "\r\n") == CsvParser::Status::NeedMore);
  REQUIRE(p.feed(R"(last",3)", "\n\n") == CsvParser::Status::Row);
  CHECK_FALSE(p.pending());
  CHECK(row(p) == Row{"1", "first\r\n\n\nlast", "3"});
}

TEST_CASE("CsvParser rejects text after a closing quote and open quotes at the end", "[csv][sp-parse]") {
  CsvParser p;
  REQUIRE(p.feed(R"(a,"b"c,d)") == CsvParser::Status::Error);
  CHECK(p.error() == "'c' after the closing quote of field 2 (a quote inside a quoted field must be doubled)");
  CHECK_FALSE(p.pending());
  REQUIRE(p.feed("x,y") == CsvParser::Status::Row);  // recovers on the next line
  CHECK(row(p) == Row{"x", "y"});
  REQUIRE(p.feed(R"("open)") == CsvParser::Status::NeedMore);
  REQUIRE(p.finish() == CsvParser::Status::Error);
  CHECK(p.error() == "quoted field 1 is not closed at the end of the input");
  CHECK(p.finish() == CsvParser::Status::Row);
}

TEST_CASE("CsvParser bounds an open quoted field", "[csv][sp-parse]") {
  CsvParser p(CsvDialect{.max_pending = 10});
  REQUIRE(p.feed(R"("0123456)") == CsvParser::Status::NeedMore);
  REQUIRE(p.feed("789abc") == CsvParser::Status::Error);
  CHECK(p.error().find("still open after") != std::string::npos);
  CHECK_FALSE(p.pending());
}

TEST_CASE("CsvParser with other delimiters", "[csv][sp-parse]") {
  CsvParser p(CsvDialect{.delimiter = '\t'});
  REQUIRE(p.feed("a\t\"b\tc\"\td,e") == CsvParser::Status::Row);
  CHECK(row(p) == Row{"a", "b\tc", "d,e"});
  CHECK(parse_csv_delimiter("tab") == '\t');
  CHECK(parse_csv_delimiter("\\t") == '\t');
  CHECK(parse_csv_delimiter(";") == ';');
  CHECK(parse_csv_delimiter("pipe") == '|');
  CHECK_THROWS_AS(parse_csv_delimiter("\""), UsageError);
  CHECK_THROWS_AS(parse_csv_delimiter("ab"), UsageError);
  CHECK_THROWS_AS(parse_csv_delimiter(""), UsageError);
  CHECK(parse_csv_delimiter("\x1f") == '\x1f');
  // A byte of a multi-byte UTF-8 character would cut characters in two.
  CHECK_THROWS_AS(parse_csv_delimiter("\xa7"), UsageError);
}

TEST_CASE("CsvParser state survives save and load mid-field", "[csv][sp-parse]") {
  CsvParser a;
  REQUIRE(a.feed(R"(1,"x""y)") == CsvParser::Status::NeedMore);
  StateWriter w;
  a.save(w);
  std::string bytes = w.take();
  CsvParser b;
  StateReader r(bytes);
  b.load(r);
  r.expect_end();
  CHECK(b.pending());
  REQUIRE(b.feed(R"(z",2)") == CsvParser::Status::Row);
  CHECK(row(b) == Row{"1", "x\"y\nz", "2"});
  StateReader bad(std::string_view("\x07", 1));
  CHECK_THROWS_AS(b.load(bad), CheckpointError);
}
