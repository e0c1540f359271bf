// Ranks 1..n drawn with probability proportional to 1/rank^s (Zipf), so a
// few keys are hot and most are cold, as in real traffic. s = 0 is uniform.
#pragma once
#include <cstdint>
#include <vector>

#include "tools/sp-gen/prng.h"

namespace sp::gen {

class ZipfSampler {
 public:
  // Largest n with s > 0: the cumulative table costs 8 bytes per rank.
  static constexpr uint64_t kMaxSkewedKeys = 10'000'000;

  ZipfSampler(uint64_t n, double s);
  uint64_t sample(Xoshiro256ss& rng) const;  // in [1, n]
  // The probability of drawing `rank` (for tests).
  double probability(uint64_t rank) const;

 private:
  uint64_t n_;
  std::vector<double> cumulative_;  // empty when uniform
};

}  // namespace sp::gen
