// --approx: a Bloom filter over 128-bit key hashes. Fixed memory, no false
// negatives; a key never seen may test as seen with probability close to the
// configured rate while at most `capacity` keys were added (and higher
// beyond that: estimated_fp_rate() tells).
#pragma once
#include <cstdint>
#include <vector>

#include "libcommon/hash.h"

namespace sp {

class StateWriter;
class StateReader;

class BloomFilter {
 public:
  // Sized for `capacity` keys at false-positive rate `fp_rate`:
  // m = -n ln p / (ln 2)^2 bits, k = (m / n) ln 2 hash functions.
  static BloomFilter for_capacity(uint64_t capacity, double fp_rate);
  // The number of bits given; k chosen for `capacity` keys.
  static BloomFilter for_bits(uint64_t bits, uint64_t capacity);

  // Adds the key; returns true when every bit was already set (the key was
  // probably seen before).
  bool test_and_add(Hash128 key);
  // Whether the key tests as seen, without adding it.
  bool contains(Hash128 key) const;
  // Starts loading the words test_and_add(key) will read, so that a filter
  // larger than the cache costs one memory wait per key, not k.
  void prefetch(Hash128 key) const;

  uint64_t bits() const { return bits_; }
  uint32_t hashes() const { return hashes_; }
  uint64_t added() const { return added_; }
  uint64_t memory_bytes() const { return words_.size() * 8; }
  // (1 - e^(-k n / m))^k for the n keys added so far.
  double estimated_fp_rate() const;

  void snapshot(StateWriter& out) const;
  void restore(StateReader& in);

 private:
  BloomFilter(uint64_t bits, uint32_t hashes);
  std::vector<uint64_t> words_;
  uint64_t bits_ = 0;
  uint32_t hashes_ = 1;
  uint64_t added_ = 0;
};

}  // namespace sp
