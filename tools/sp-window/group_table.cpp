#include "tools/sp-window/group_table.h"

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
  if (--entries_[id].users == 0) forget(id);
}

void GroupTable::forget(GroupId id) {
  index_.erase(std::string_view(entries_[id].key));
  entries_[id].key.clear();
  free_.push_back(id);
}

}  // namespace sp
