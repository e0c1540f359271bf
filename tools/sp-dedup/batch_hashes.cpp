#include "tools/sp-dedup/batch_hashes.h"

namespace sp {

const Hash128* BatchHashes::take(std::string_view text) {
  for (size_t i = next_; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (e.data == text.data() && e.size == text.size()) {
      next_ = i + 1;
      return (e.hash.low | e.hash.high) ? &e.hash : nullptr;
    }
  }
  return nullptr;
}

}  // namespace sp
