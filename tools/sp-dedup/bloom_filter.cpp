#include "tools/sp-dedup/bloom_filter.h"

#include <algorithm>
#include <cmath>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

namespace sp {

BloomFilter::BloomFilter(uint64_t bits, uint32_t hashes)
    : words_((std::max<uint64_t>(bits, 64) + 63) / 64), bits_(words_.size() * 64), hashes_(hashes) {}

BloomFilter BloomFilter::for_capacity(uint64_t capacity, double fp_rate) {
  double n = static_cast<double>(std::max<uint64_t>(capacity, 1));
  double ln2 = std::log(2.0);
  double m = std::ceil(-n * std::log(fp_rate) / (ln2 * ln2));
  return for_bits(static_cast<uint64_t>(m), capacity);
}

BloomFilter BloomFilter::for_bits(uint64_t bits, uint64_t capacity) {
  double n = static_cast<double>(std::max<uint64_t>(capacity, 1));
  double k = std::round(static_cast<double>(std::max<uint64_t>(bits, 64)) / n * std::log(2.0));
  return BloomFilter(bits, static_cast<uint32_t>(std::clamp(k, 1.0, 30.0)));
}

namespace {

// The key's k bit positions, by Kirsch-Mitzenmacher double hashing: bit i =
// h1 + i*h2, reduced to [0, bits) with a multiply-shift instead of a modulo.
class BitProbe {
 public:
  BitProbe(Hash128 key, uint64_t bits) : h_(key.low), step_(key.high | 1), bits_(bits) {}
  uint64_t next() {
    auto bit = static_cast<uint64_t>((static_cast<unsigned __int128>(h_) * bits_) >> 64);
    h_ += step_;
    return bit;
  }

 private:
  uint64_t h_;
  const uint64_t step_, bits_;
};

}  // namespace

bool BloomFilter::test_and_add(Hash128 key) {
  bool all_set = true;
  BitProbe probe(key, bits_);
  for (uint32_t i = 0; i < hashes_; ++i) {
    const uint64_t bit = probe.next();
    const uint64_t mask = uint64_t{1} << (bit & 63);
    uint64_t& word = words_[bit >> 6];
    all_set &= (word & mask) != 0;
    word |= mask;
  }
  if (!all_set) ++added_;
  return all_set;
}

void BloomFilter::prefetch(Hash128 key) const {
  BitProbe probe(key, bits_);
  for (uint32_t i = 0; i < hashes_; ++i) __builtin_prefetch(&words_[probe.next() >> 6], 1);
}

bool BloomFilter::contains(Hash128 key) const {
  BitProbe probe(key, bits_);
  for (uint32_t i = 0; i < hashes_; ++i) {
    const uint64_t bit = probe.next();
    if ((words_[bit >> 6] & (uint64_t{1} << (bit & 63))) == 0) return false;
  }
  return true;
}

double BloomFilter::estimated_fp_rate() const {
  double k = hashes_;
  return std::pow(1.0 - std::exp(-k * static_cast<double>(added_) / static_cast<double>(bits_)), k);
}

void BloomFilter::snapshot(StateWriter& out) const {
  out.u64(bits_);
  out.u32(hashes_);
  out.u64(added_);
  for (uint64_t w : words_) out.u64(w);
}

void BloomFilter::restore(StateReader& in) {
  uint64_t bits = in.u64();
  uint32_t hashes = in.u32();
  if (bits != bits_ || hashes != hashes_) {
    throw CheckpointError("the checkpoint's --approx filter has another size; use the same --max-keys, "
                          "--max-memory and --fp-rate, or a new checkpoint file");
  }
  added_ = in.u64();
  for (uint64_t& w : words_) w = in.u64();
}

}  // namespace sp
