// Group keys stored once: each distinct key's bytes live in one place and
// open states refer to it by a small id. A key no open state uses any more
// is kept idle for a while and forgotten in batches: keys recur (a busy user
// has a state in nearly every window), and a kept key costs no insert or
// erase when it comes back. Idle keys never outnumber max(4096, keys in use).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "libcommon/hash.h"

namespace sp {

using GroupId = uint32_t;

class GroupTable {
 public:
  GroupTable() = default;
  // The index's functors point at entries_: the table stays where it is.
  GroupTable(const GroupTable&) = delete;
  GroupTable& operator=(const GroupTable&) = delete;

  // The id of `key`, added (with no users) when new: retain() it at once.
  GroupId intern(std::string_view key);
  void retain(GroupId id) { ++entries_[id].users; }
  // Drops a user; a key left with none becomes idle.
  void release(GroupId id);
  // Valid until the next intern().
  std::string_view key(GroupId id) const { return entries_[id].key; }
  size_t size() const { return index_.size(); }  // idle keys included

 private:
  struct Entry {
    std::string key;
    uint64_t hash = 0;
    uint32_t users = 0;
    bool idle = false;  // listed in idle_
  };
  // A key with its hash, computed once per lookup.
  struct HashedKey {
    std::string_view key;
    uint64_t hash;
  };
  // The index holds only ids (4 bytes a slot): hashing and comparing an id
  // read its entry, and lookups go by HashedKey (absl's heterogeneous
  // lookup). xxh3, not absl::Hash: Debian's absl hashes std::string_view
  // with std::hash, an out-of-line call that showed in profiles.
  struct IdHash {
    using is_transparent = void;
    const std::vector<Entry>* entries;
    size_t operator()(GroupId id) const { return (*entries)[id].hash; }
    size_t operator()(const HashedKey& k) const { return k.hash; }
  };
  struct IdEq {
    using is_transparent = void;
    const std::vector<Entry>* entries;
    bool operator()(GroupId a, GroupId b) const { return a == b; }
    bool operator()(const HashedKey& k, GroupId id) const { return (*entries)[id].key == k.key; }
    bool operator()(GroupId id, const HashedKey& k) const { return (*entries)[id].key == k.key; }
  };
  void forget(GroupId id);
  void forget_idle();  // forgets the idle keys that still have no users

  std::vector<Entry> entries_;
  std::vector<GroupId> free_;
  std::vector<GroupId> idle_;
  absl::flat_hash_set<GroupId, IdHash, IdEq> index_{0, IdHash{&entries_}, IdEq{&entries_}};
};

}  // namespace sp
