// A mergeable relative-error quantile sketch in the style of DDSketch
// (Masson, Rim, Lee, VLDB 2019): values fall into logarithmic buckets
// gamma^(k-1) < |x| <= gamma^k with gamma = (1+a)/(1-a), so every quantile is
// returned within relative accuracy a = 1% of a value of the right rank.
// Memory is bounded: each sign keeps at most kMaxBuckets contiguous buckets
// (the smallest magnitudes collapse into one when the range grows larger,
// which needs a dynamic range beyond 1e17 to happen).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sp {

class StateWriter;
class StateReader;

class LogSketch {
 public:
  static constexpr double kRelativeAccuracy = 0.01;
  static constexpr int32_t kMaxBuckets = 2048;

  void add(double value);
  void merge(const LogSketch& other);
  uint64_t count() const { return count_; }
  // The value of nearest rank `rank` (1-based, at most count()), within 1%.
  double value_at_rank(uint64_t rank) const;
  size_t memory_bytes() const;

  void snapshot(StateWriter& out) const;
  void restore(StateReader& in);

 private:
  // Counts for a contiguous range of bucket keys [min_key, min_key + size).
  struct Store {
    int32_t min_key = 0;
    std::vector<uint64_t> counts;
    void add(int32_t key, uint64_t n);
    void merge(const Store& other);
  };

  Store positive_;
  Store negative_;  // keyed by |x|
  uint64_t zeros_ = 0;
  uint64_t count_ = 0;
};

}  // namespace sp
