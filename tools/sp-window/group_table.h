// Group keys stored once: each distinct key's bytes live in one place and
// open states refer to it by a small id. A key no open state uses any more
// is kept idle for a while and forgotten in batches: keys recur (a busy user
// has a state in nearly every window), and a kept key costs no insert or
// erase when it comes back. Idle keys never outnumber max(4096, keys in use).
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
  // Drops a user; a key left with none becomes idle.
  void release(GroupId id);
  std::string_view key(GroupId id) const { return entries_[id].key; }
  size_t size() const { return index_.size(); }  // idle keys included

 private:
  struct Entry {
    std::string key;
    uint32_t users = 0;
    bool idle = false;  // listed in idle_
  };
  void forget(GroupId id);
  void forget_idle();  // forgets the idle keys that still have no users

  std::deque<Entry> entries_;  // a deque: keys never move, so views into them stay valid
  std::vector<GroupId> free_;
  std::vector<GroupId> idle_;
  absl::flat_hash_map<std::string_view, GroupId> index_;
};

}  // namespace sp
