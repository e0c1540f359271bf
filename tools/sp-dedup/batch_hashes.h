// Key hashes computed ahead for one input batch (Operator::on_batch) and
// handed to its records as they arrive one by one. Hashing a whole batch
// first lets the seen-key table fetch all of its slots at once: with
// millions of keys every probe misses the cache, and misses issued back to
// back overlap instead of being paid one after the other.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "libcommon/hash.h"

namespace sp {

class BatchHashes {
 public:
  void clear() {
    entries_.clear();
    next_ = 0;
  }
  // Every line of the batch is added, in order: `text` is the view the
  // batch holds, `hash` its key hash, or Hash128{} (never a key hash) when
  // the line's record must work its key out itself (no key, bad JSON, ...).
  void add(std::string_view text, Hash128 hash) { entries_.push_back({text.data(), text.size(), hash}); }

  // The hash added for this very text (the same bytes of the batch, not an
  // equal copy), or nullptr: the caller then computes the key itself.
  // Records arrive in batch order, so the search starts after the last
  // match; entries passed over belong to lines that never reached the
  // operator (control lines, records the driver rejected) and are not
  // looked at again, so a batch costs one pass.
  const Hash128* take(std::string_view text);

  // The hash `distance` entries after the last one taken, or nullptr (past
  // the end, or a line left to its record).
  const Hash128* ahead(size_t distance) const {
    size_t i = next_ + distance - 1;
    if (i >= entries_.size()) return nullptr;
    const Hash128& h = entries_[i].hash;
    return (h.low | h.high) ? &h : nullptr;
  }

 private:
  struct Entry {
    const char* data;
    size_t size;
    Hash128 hash;
  };
  std::vector<Entry> entries_;
  size_t next_ = 0;  // the first entry not taken or passed over
};

}  // namespace sp
