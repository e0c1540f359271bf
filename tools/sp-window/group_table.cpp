#include "tools/sp-window/group_table.h"

#include <algorithm>

#include "tools/sp-window/free_slots.h"

namespace sp {

GroupId GroupTable::intern(std::string_view key) {
  // One hash and probe for both the lookup and, for a new key, the insert.
  auto it = index_.lazy_emplace(key, [&](const auto& construct) {
    GroupId id = take_free_slot(entries_, free_);
    Entry& e = entries_[id];
    e.key.assign(key);
    e.users = 0;
    construct(std::string_view(e.key), id);  // the map's key views the stored copy
  });
  return it->second;
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
  index_.erase(std::string_view(entries_[id].key));
  entries_[id].key.clear();
  free_.push_back(id);
}

}  // namespace sp
