#include "tools/sp-gen/zipf.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace sp::gen {

// The table is built once with std::pow; a draw is one uniform double and a
// binary search. (pow may differ in the last bit between C libraries; a draw
// would have to land exactly on such a boundary to change the output.)
ZipfSampler::ZipfSampler(uint64_t n, double s) : n_(n) {
  if (s == 0) return;
  cumulative_.resize(n);
  double total = 0;
  for (uint64_t k = 1; k <= n; ++k) {
    total += 1.0 / std::pow(static_cast<double>(k), s);
    cumulative_[k - 1] = total;
  }
}

uint64_t ZipfSampler::sample(Xoshiro256ss& rng) const {
  if (cumulative_.empty()) return 1 + rng.below(n_);
  const double target = rng.unit() * cumulative_.back();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return 1 + static_cast<uint64_t>(std::min<std::ptrdiff_t>(it - cumulative_.begin(), static_cast<std::ptrdiff_t>(n_ - 1)));
}

double ZipfSampler::probability(uint64_t rank) const {
  if (cumulative_.empty()) return 1.0 / static_cast<double>(n_);
  const double below = rank > 1 ? cumulative_[rank - 2] : 0.0;
  return (cumulative_[rank - 1] - below) / cumulative_.back();
}

}  // namespace sp::gen
