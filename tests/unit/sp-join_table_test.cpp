#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "libcommon/errors.h"
#include "tools/sp-join/join_options.h"
#include "tools/sp-join/join_table.h"

namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = (fs::temp_directory_path() / ("sp-join-test-" + std::to_string(getpid()) + "-" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

sp::JoinConfig config_for(const std::string& path, sp::TableDups dups = sp::TableDups::Error) {
  sp::JoinConfig c;
  c.table = path;
  sp::parse_on({"user"}, c.stream_keys, c.table_keys);
  c.table_dups = dups;
  return c;
}

// The members find() returns, checked against the row they belong to.
std::string members(const sp::JoinTable& t, const std::string& key) {
  sp::JoinTable::Match m = t.find(key);
  if (m.row == sp::JoinTable::kNone) return "<none>";
  CHECK(m.members == t.members_of(t.row(m.row)));
  return std::string(m.members);
}

}  // namespace

TEST_CASE("join --on: single, renamed and composite keys", "[sp-join]") {
  std::vector<sp::FieldPath> s, t;
  sp::parse_on({"a,b=c", "d.e=f"}, s, t);
  REQUIRE(s.size() == 3);
  CHECK(s[0].text() == "a");
  CHECK(t[0].text() == "a");
  CHECK(s[1].text() == "b");
  CHECK(t[1].text() == "c");
  CHECK(s[2].segments().size() == 2);
  CHECK(t[2].text() == "f");
  std::vector<sp::FieldPath> s2, t2;
  CHECK_THROWS_AS(sp::parse_on({"=x"}, s2, t2), sp::UsageError);
  CHECK_THROWS_AS(sp::parse_on({"a,,b"}, s2, t2), sp::UsageError);
}

TEST_CASE("join table: canonical keys, members in row order, duplicates", "[sp-join]") {
  std::string path = write_temp("t.ndjson",
                                "{\"user\":\"u1\",\"plan\":\"pro\",\"n\":1.50}\n"
                                "{\"plan\":\"free\",\"user\":{\"b\":1,\"a\":2}}\n"
                                "{\"plan\":\"none\"}\n"
                                "{\"user\":\"u1\",\"plan\":\"team\"}\n");
  SECTION("error names the key and both lines") {
    try {
      sp::JoinTable t(config_for(path));
      FAIL("no error");
    } catch (const sp::DataError& e) {
      CHECK(std::string(e.what()) == path + ":4 (byte 89): key \"u1\" is also on line 1; choose --table-dups first, "
                                        "last or all to accept duplicate keys");
    }
  }
  SECTION("first") {
    sp::JoinTable t(config_for(path, sp::TableDups::First));
    CHECK(t.size() == 2);
    CHECK(t.rows_without_key() == 1);
    CHECK(members(t, "\"u1\"") == "\"plan\":\"pro\",\"n\":1.50");
    CHECK(members(t, "{\"a\":2,\"b\":1}") == "\"plan\":\"free\"");
    CHECK(members(t, "\"u2\"") == "<none>");
    CHECK(t.null_members() == "\"plan\":null,\"n\":null");
  }
  SECTION("last") {
    sp::JoinTable t(config_for(path, sp::TableDups::Last));
    CHECK(members(t, "\"u1\"") == "\"plan\":\"team\"");
  }
  SECTION("all keeps table order") {
    sp::JoinTable t(config_for(path, sp::TableDups::All));
    uint32_t r = t.find("\"u1\"").row;
    REQUIRE(r != sp::JoinTable::kNone);
    CHECK(t.members_of(t.row(r)) == "\"plan\":\"pro\",\"n\":1.50");
    r = t.next_match(r, "\"u1\"");
    REQUIRE(r != sp::JoinTable::kNone);
    CHECK(t.members_of(t.row(r)) == "\"plan\":\"team\"");
    CHECK(t.next_match(r, "\"u1\"") == sp::JoinTable::kNone);
  }
  fs::remove(path);
}

TEST_CASE("join table: CSV with --fields and --prefix", "[sp-join]") {
  std::string path = write_temp("t.csv", "user,plan,note\nu1,pro,\"a, \"\"b\"\"\"\n");
  sp::JoinConfig c = config_for(path);
  c.table_format = sp::TableFormat::Csv;
  c.fields = {"note", "plan"};
  c.prefix = "t_";
  sp::JoinTable t(c);
  CHECK(members(t, "\"u1\"") == "\"t_note\":\"a, \\\"b\\\"\",\"t_plan\":\"pro\"");
  CHECK(t.name_id("t_plan") == 1);
  CHECK(t.name_id("plan") == -1);
  fs::remove(path);
}
