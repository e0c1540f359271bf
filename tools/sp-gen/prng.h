// The generator's random numbers. sp-gen promises byte-identical output for
// the same options on every machine, so the algorithms here are fixed forever
// and written out in full: splitmix64 (seeding and hashing) and xoshiro256**
// (the stream), both by Vigna and Blackman, public domain. std::*_distribution
// is not used anywhere: its output differs between standard libraries.
#pragma once
#include <cstdint>

namespace sp::gen {

// splitmix64's output function: a bijection on 64-bit integers, so distinct
// inputs always give distinct outputs (event ids rely on this).
constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class SplitMix64 {
 public:
  explicit constexpr SplitMix64(uint64_t seed) : state_(seed) {}
  constexpr uint64_t next() { return mix64(state_ += 0x9e3779b97f4a7c15ULL); }

 private:
  uint64_t state_;
};

class Xoshiro256ss {
 public:
  explicit constexpr Xoshiro256ss(uint64_t seed) {
    SplitMix64 sm(seed);
    for (auto& word : s_) word = sm.next();
  }

  constexpr uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, without modulo bias (Lemire's method).
  constexpr uint64_t below(uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform in [0, 1) with 53 random bits: exact in IEEE doubles.
  constexpr double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// A probability as a 53-bit integer threshold, so "happens with probability
// p" is an integer comparison: chance(rng, threshold(p)).
constexpr uint64_t probability_threshold(double p) {
  if (p <= 0) return 0;
  if (p >= 1) return uint64_t{1} << 53;
  return static_cast<uint64_t>(p * 0x1.0p53);
}
inline bool chance(Xoshiro256ss& rng, uint64_t threshold) { return (rng.next() >> 11) < threshold; }

}  // namespace sp::gen
