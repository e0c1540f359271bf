// The exact seen-key set: an open-addressing hash table (linear probing,
// backward-shift deletion, no tombstones) of 128-bit key hashes, with
// optional per-key columns:
//   order  prev/next slot links: a doubly-linked list in last-seen order
//          (least recently seen first) for --max-keys eviction and expiry;
//   stamp  last sighting (event time, or record number for --within-records);
//   count  occurrences (--count-field);
//   held   the record held back by --keep last.
// Bytes per slot: 16, +8 order, +8 stamp, +8 count, +4 held; the table stays
// at most 3/4 full. A table without order migrates in slot order when it
// grows and frees the old memory as it goes, so growth costs little more
// than the new table.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "libcommon/hash.h"
#include "tools/sp-dedup/column.h"

namespace sp {

struct SeenTableLayout {
  bool order = false;
  bool stamp = false;
  bool count = false;
  bool held = false;
  uint64_t max_keys = 0;  // 0: unbounded (the table grows)

  // Table bytes per key at the maximum load.
  double bytes_per_key() const;
};

class SeenTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit SeenTable(SeenTableLayout layout);

  // The slot holding `key`, or kNone.
  uint32_t find(Hash128 key) const;
  // Starts loading the memory find(key) reads first, so that its cache miss
  // overlaps other work. Only a hint: stale once the table grows.
  void prefetch(Hash128 key) const { __builtin_prefetch(&keys_[home(key)]); }
  // Adds an absent key as the most recently seen one; returns its slot.
  // The caller keeps size() below max_keys (evicting oldest() first).
  uint32_t insert(Hash128 key);
  // Grows (as insert would) until n keys fit without growing again. A
  // restore calls it first: keys come back in slot order, and inserting
  // those into a much smaller table piles them into one long probe run.
  void reserve(size_t n);
  // Removes the key in `slot`. Other keys may move: slots found earlier are
  // stale afterwards.
  void erase(uint32_t slot);
  // Marks the key in `slot` as the most recently seen (order only).
  void touch(uint32_t slot);
  // The least recently seen key (order only), or kNone when empty.
  uint32_t oldest() const { return head_; }
  // The key after `slot` in last-seen order (order only), or kNone.
  uint32_t newer(uint32_t slot) const { return next_[slot]; }

  uint64_t size() const { return size_; }
  bool full() const { return layout_.max_keys && size_ >= layout_.max_keys; }
  const SeenTableLayout& layout() const { return layout_; }
  size_t capacity() const { return keys_.size(); }

  Hash128 key(uint32_t slot) const { return keys_[slot]; }
  int64_t& stamp(uint32_t slot) { return stamp_[slot]; }
  uint64_t& count(uint32_t slot) { return count_[slot]; }
  std::string& held(uint32_t slot) { return held_pool_[held_[slot]]; }

  // Calls f(slot) for every key: in last-seen order with `order`, else in
  // slot order.
  template <class F>
  void for_each(F&& f) const {
    if (layout_.order) {
      for (uint32_t s = head_; s != kNone; s = next_[s]) f(s);
    } else {
      for (uint32_t s = 0; s < keys_.size(); ++s) {
        if (occupied(s)) f(s);
      }
    }
  }

 private:
  bool occupied(uint32_t slot) const { return keys_[slot].low | keys_[slot].high; }
  uint32_t home(Hash128 key) const {
    return static_cast<uint32_t>((static_cast<unsigned __int128>(key.low) * keys_.size()) >> 64);
  }
  uint32_t next_slot(uint32_t s) const { return s + 1 == keys_.size() ? 0 : s + 1; }
  uint32_t probe_empty(Hash128 key) const;
  void allocate(size_t capacity);
  void grow();
  void link_tail(uint32_t slot);
  void unlink(uint32_t slot);
  void move_slot(uint32_t from, uint32_t to);
  size_t capacity_limit() const;

  SeenTableLayout layout_;
  Column<Hash128> keys_;
  Column<uint32_t> prev_, next_;
  Column<int64_t> stamp_;
  Column<uint64_t> count_;
  Column<uint32_t> held_;
  std::vector<std::string> held_pool_;  // records held by --keep last
  std::vector<uint32_t> held_free_;
  uint64_t size_ = 0;
  uint32_t head_ = kNone, tail_ = kNone;
};

// The hash stored for a key: hash128 of its bytes, never the all-zero value
// that marks an empty slot.
Hash128 key_hash(std::string_view key_bytes);

}  // namespace sp
