// Ids of slots in a vector or deque that are reused once freed, so ids stay
// small and dense: a freed slot is taken again before the container grows.
#pragma once
#include <vector>

namespace sp {

// The id of a slot to fill: the last one freed, else a new default-made one
// at the end of `slots`.
template <class Id, class Slots>
Id take_free_slot(Slots& slots, std::vector<Id>& free) {
  if (!free.empty()) {
    Id id = free.back();
    free.pop_back();
    return id;
  }
  slots.emplace_back();
  return static_cast<Id>(slots.size() - 1);
}

}  // namespace sp
