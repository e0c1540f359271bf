#include "tools/sp-window/group_table.h"

#include <algorithm>

#include "tools/sp-window/free_slots.h"

namespace sp {

GroupId GroupTable::intern(std::string_view key) {
  const HashedKey hashed{key, hash64(key)};
  // One probe for both the lookup and, for a new key, the insert.
  auto it = index_.lazy_emplace(hashed, [&](const auto& construct) {
    GroupId id = take_free_slot(entries_, free_);
    Entry& e = entries_[id];
    e.key.assign(key);
    e.hash = hashed.hash;
    e.users = 0;
    construct(id);
  });
  return *it;
}

void GroupTable::release(GroupId id) {
  Entry& e = entries_[id];
  if (--e.users > 0 || e.idle) return;
  e.idle = true;
  idle_.push_back(id);
  constexpr size_t kMinIdle = 4096;
  if (idle_.size() > std::max(kMinIdle, index_.size() / 2)) forget_idle();
}

void GroupTable::forget_idle() {
  for (GroupId id : idle_) {
    Entry& e = entries_[id];
    e.idle = false;
    if (e.users == 0) forget(id);
  }
  idle_.clear();
}

void GroupTable::forget(GroupId id) {
  index_.erase(id);
  entries_[id].key.clear();
  free_.push_back(id);
}

}  // namespace sp
