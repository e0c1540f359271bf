#include "tools/sp-dedup/seen_table.h"

#include <algorithm>

#include "libcommon/errors.h"

namespace sp {

namespace {
constexpr size_t kInitialCapacity = 1024;
constexpr size_t kMaxCapacity = 0xFFFFFFF0u;  // slot numbers are 32-bit
}  // namespace

double SeenTableLayout::bytes_per_key() const {
  double slot = 16.0 + (order ? 8 : 0) + (stamp ? 8 : 0) + (count ? 8 : 0) + (held ? 4 : 0);
  return slot * 4.0 / 3.0;
}

Hash128 key_hash(std::string_view key_bytes) {
  Hash128 h = hash128(key_bytes);
  if ((h.low | h.high) == 0) h.low = 1;  // all-zero marks an empty slot
  return h;
}

SeenTable::SeenTable(SeenTableLayout layout) : layout_(layout) {
  allocate(std::min(kInitialCapacity, capacity_limit()));
}

size_t SeenTable::capacity_limit() const {
  if (!layout_.max_keys) return kMaxCapacity;
  return static_cast<size_t>(std::min<uint64_t>(layout_.max_keys + layout_.max_keys / 3 + 2, kMaxCapacity));
}

void SeenTable::allocate(size_t capacity) {
  keys_ = Column<Hash128>(capacity);
  if (layout_.order) {
    prev_ = Column<uint32_t>(capacity);
    next_ = Column<uint32_t>(capacity);
  }
  if (layout_.stamp) stamp_ = Column<int64_t>(capacity);
  if (layout_.count) count_ = Column<uint64_t>(capacity);
  if (layout_.held) held_ = Column<uint32_t>(capacity);
}

uint32_t SeenTable::find(Hash128 key) const {
  for (uint32_t s = home(key);; s = next_slot(s)) {
    const Hash128& k = keys_[s];
    if (k == key) return s;
    if ((k.low | k.high) == 0) return kNone;
  }
}

uint32_t SeenTable::probe_empty(Hash128 key) const {
  uint32_t s = home(key);
  while (occupied(s)) s = next_slot(s);
  return s;
}

uint32_t SeenTable::insert(Hash128 key) {
  if ((size_ + 1) * 4 > keys_.size() * 3) grow();
  uint32_t s = probe_empty(key);
  keys_[s] = key;
  ++size_;
  if (layout_.order) link_tail(s);
  if (layout_.stamp) stamp_[s] = 0;
  if (layout_.count) count_[s] = 0;
  if (layout_.held) {
    if (held_free_.empty()) {
      held_[s] = static_cast<uint32_t>(held_pool_.size());
      held_pool_.emplace_back();
    } else {
      held_[s] = held_free_.back();
      held_free_.pop_back();
    }
  }
  return s;
}

void SeenTable::erase(uint32_t slot) {
  if (layout_.order) unlink(slot);
  if (layout_.held) held_free_.push_back(held_[slot]);
  keys_[slot] = Hash128{};
  --size_;
  // Backward shift: pull later members of the probe run into the hole
  // when their home position allows it.
  uint32_t hole = slot;
  for (uint32_t j = next_slot(hole); occupied(j); j = next_slot(j)) {
    uint32_t h = home(keys_[j]);
    bool movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
    if (movable) {
      move_slot(j, hole);
      hole = j;
    }
  }
}

void SeenTable::move_slot(uint32_t from, uint32_t to) {
  keys_[to] = keys_[from];
  keys_[from] = Hash128{};
  if (layout_.order) {
    uint32_t p = prev_[from], n = next_[from];
    prev_[to] = p;
    next_[to] = n;
    if (p != kNone) next_[p] = to; else head_ = to;
    if (n != kNone) prev_[n] = to; else tail_ = to;
  }
  if (layout_.stamp) stamp_[to] = stamp_[from];
  if (layout_.count) count_[to] = count_[from];
  if (layout_.held) held_[to] = held_[from];
}

void SeenTable::link_tail(uint32_t slot) {
  prev_[slot] = tail_;
  next_[slot] = kNone;
  if (tail_ != kNone) next_[tail_] = slot; else head_ = slot;
  tail_ = slot;
}

void SeenTable::unlink(uint32_t slot) {
  uint32_t p = prev_[slot], n = next_[slot];
  if (p != kNone) next_[p] = n; else head_ = n;
  if (n != kNone) prev_[n] = p; else tail_ = p;
}

void SeenTable::touch(uint32_t slot) {
  if (!layout_.order || slot == tail_) return;
  unlink(slot);
  link_tail(slot);
}

void SeenTable::reserve(size_t n) {
  while (n * 4 > keys_.size() * 3 && keys_.size() < capacity_limit()) grow();
}

void SeenTable::grow() {
  size_t old_capacity = keys_.size();
  size_t new_capacity = std::min(old_capacity * 2, capacity_limit());
  if (new_capacity <= old_capacity) {
    throw DataError("the seen-key table is full (" + std::to_string(size_) +
                    " keys); bound it with --max-keys or --max-memory");
  }
  Column<Hash128> old_keys = std::move(keys_);
  Column<uint32_t> old_prev = std::move(prev_), old_next = std::move(next_);
  Column<int64_t> old_stamp = std::move(stamp_);
  Column<uint64_t> old_count = std::move(count_);
  Column<uint32_t> old_held = std::move(held_);
  allocate(new_capacity);
  // Slot order keeps memory access sequential and lets the old columns be
  // released as we go; list links are translated afterwards through `moved`.
  std::vector<uint32_t> moved;
  if (layout_.order) moved.assign(old_capacity, kNone);
  for (size_t i = 0; i < old_capacity; ++i) {
    const Hash128 k = old_keys[i];
    if ((k.low | k.high) != 0) {
      uint32_t j = probe_empty(k);
      keys_[j] = k;
      if (layout_.order) {
        moved[i] = j;
        prev_[j] = old_prev[i];
        next_[j] = old_next[i];
      }
      if (layout_.stamp) stamp_[j] = old_stamp[i];
      if (layout_.count) count_[j] = old_count[i];
      if (layout_.held) held_[j] = old_held[i];
    }
    if ((i & 0xFFFF) == 0xFFFF) {
      old_keys.release_below(i + 1);
      old_prev.release_below(i + 1);
      old_next.release_below(i + 1);
      old_stamp.release_below(i + 1);
      old_count.release_below(i + 1);
      old_held.release_below(i + 1);
    }
  }
  if (layout_.order) {
    for (size_t j = 0; j < new_capacity; ++j) {
      if (!occupied(static_cast<uint32_t>(j))) continue;
      if (prev_[j] != kNone) prev_[j] = moved[prev_[j]];
      if (next_[j] != kNone) next_[j] = moved[next_[j]];
    }
    if (head_ != kNone) head_ = moved[head_];
    if (tail_ != kNone) tail_ = moved[tail_];
  }
}

}  // namespace sp
