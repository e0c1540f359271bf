// Group keys stored once: each distinct key's bytes live in one place and
// open states refer to it by a small id. A key is forgotten when no open
// state uses it any more.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

namespace sp {

using GroupId = uint32_t;

class GroupTable {
 public:
  // The id of `key`, added (with no users) when new: retain() it at once.
  GroupId intern(std::string_view key);
  void retain(GroupId id) { ++entries_[id].users; }
  // Drops a user; forgets the key when it has none left.
  void release(GroupId id);
  std::string_view key(GroupId id) const { return entries_[id].key; }
  size_t size() const { return index_.size(); }

 private:
  struct Entry {
    std::string key;
    uint32_t users = 0;
  };
  void forget(GroupId id);

  std::deque<Entry> entries_;  // a deque: keys never move, so views into them stay valid
  std::vector<GroupId> free_;
  absl::flat_hash_map<std::string_view, GroupId> index_;
};

}  // namespace sp
