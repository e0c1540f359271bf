// sp-window's GroupTable: one id per distinct key while it is used, idle
// keys kept (same id on return) but forgotten in batches, so the table stays
// bounded by the keys in use.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tools/sp-window/group_table.h"

using namespace sp;

namespace {

GroupId hold(GroupTable& table, const std::string& key) {
  GroupId id = table.intern(key);
  table.retain(id);
  return id;
}

}  // namespace

TEST_CASE("group table: one id per key while it is in use", "[window]") {
  GroupTable table;
  GroupId a = hold(table, "\"a\"");
  GroupId b = hold(table, "\"b\"");
  CHECK(a != b);
  CHECK(table.intern("\"a\"") == a);
  CHECK(table.key(a) == "\"a\"");
  CHECK(table.key(b) == "\"b\"");
  CHECK(table.size() == 2);
}

TEST_CASE("group table: an idle key is kept, and keeps its id", "[window]") {
  GroupTable table;
  GroupId a = hold(table, "\"a\"");
  table.release(a);
  CHECK(table.size() == 1);  // idle, not forgotten yet
  GroupId again = hold(table, "\"a\"");
  CHECK(again == a);
  CHECK(table.key(again) == "\"a\"");
}

TEST_CASE("group table: a key idle twice over is forgotten once", "[window]") {
  GroupTable table;
  GroupId a = hold(table, "\"a\"");
  table.release(a);
  hold(table, "\"a\"");
  table.release(a);
  // Enough idle keys to forget the idle ones.
  for (int i = 0; i < 5000; ++i) table.release(hold(table, "\"k" + std::to_string(i) + "\""));
  // Had "a" been forgotten twice, its id would be handed out twice.
  std::set<GroupId> ids;
  for (int i = 0; i < 10000; ++i) {
    std::string key = "\"n" + std::to_string(i) + "\"";
    GroupId id = hold(table, key);
    ids.insert(id);
    REQUIRE(table.key(id) == key);
  }
  CHECK(ids.size() == 10000);
}

TEST_CASE("group table: idle keys are forgotten, keys in use never", "[window]") {
  GroupTable table;
  GroupId kept = hold(table, "\"kept\"");
  for (int i = 0; i < 100000; ++i) {
    GroupId id = hold(table, "\"k" + std::to_string(i) + "\"");
    table.release(id);
  }
  // Bounded: at most 4096 idle keys stay besides the one in use.
  CHECK(table.size() <= 4097 + 1);
  CHECK(table.intern("\"kept\"") == kept);
  CHECK(table.key(kept) == "\"kept\"");
  // Forgotten ids are reused, and their keys read right.
  GroupId fresh = hold(table, "\"fresh\"");
  CHECK(table.key(fresh) == "\"fresh\"");
  CHECK(table.key(kept) == "\"kept\"");
}

TEST_CASE("group table: keys of any length read right as the table grows", "[window]") {
  GroupTable table;
  std::vector<std::pair<GroupId, std::string>> held;
  for (int i = 0; i < 20000; ++i) {
    // Short keys sit inside their entry, long ones beside it: both move
    // when the entries grow.
    std::string key = std::string(i % 2 ? 0 : 40, 'x') + std::to_string(i);
    held.emplace_back(hold(table, key), key);
  }
  for (const auto& [id, key] : held) {
    REQUIRE(table.key(id) == key);
    REQUIRE(table.intern(key) == id);
  }
  CHECK(table.size() == held.size());
}
