#include "tools/sp-window/group_table.h"

namespace sp {

GroupId GroupTable::intern(std::string_view key) {
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  GroupId id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {
    id = static_cast<GroupId>(entries_.size());
    entries_.emplace_back();
  }
  Entry& e = entries_[id];
  e.key.assign(key);
  e.users = 0;
  index_.emplace(std::string_view(e.key), id);
  return id;
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
