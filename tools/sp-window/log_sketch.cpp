#include "tools/sp-window/log_sketch.h"

#include <algorithm>
#include <cmath>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

const double kGamma = (1.0 + LogSketch::kRelativeAccuracy) / (1.0 - LogSketch::kRelativeAccuracy);
const double kLogGamma = std::log(kGamma);
// Magnitudes below this count as zero (keeps keys within int32).
constexpr double kMinMagnitude = 1e-300;

int32_t key_of(double magnitude) { return static_cast<int32_t>(std::ceil(std::log(magnitude) / kLogGamma)); }
// The point of bucket k with the smallest worst-case relative error.
double value_of(int32_t key) { return 2.0 * std::pow(kGamma, key) / (kGamma + 1.0); }

}  // namespace

void LogSketch::Store::add(int32_t key, uint64_t n) {
  if (counts.empty()) {
    min_key = key;
    counts.assign(1, 0);
  }
  if (key < min_key) {
    // Grow downwards, unless that would exceed the bound: then the smallest
    // magnitudes share the lowest bucket.
    int32_t max_key = min_key + static_cast<int32_t>(counts.size()) - 1;
    int32_t new_min = std::max(key, max_key - kMaxBuckets + 1);
    if (new_min < min_key) {
      counts.insert(counts.begin(), static_cast<size_t>(min_key - new_min), 0);
      min_key = new_min;
    }
    key = std::max(key, min_key);
  } else if (key >= min_key + static_cast<int32_t>(counts.size())) {
    size_t size = static_cast<size_t>(key - min_key) + 1;
    if (size > static_cast<size_t>(kMaxBuckets)) {
      // Collapse the lowest buckets into the new lowest one.
      size_t drop = size - kMaxBuckets;
      uint64_t collapsed = 0;
      for (size_t i = 0; i < std::min(drop + 1, counts.size()); ++i) collapsed += counts[i];
      if (drop < counts.size()) {
        counts.erase(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(drop));
        counts[0] = collapsed;
      } else {
        counts.assign(1, collapsed);
      }
      min_key += static_cast<int32_t>(drop);
      size = static_cast<size_t>(key - min_key) + 1;
    }
    counts.resize(size, 0);
  }
  counts[static_cast<size_t>(key - min_key)] += n;
}

void LogSketch::Store::merge(const Store& other) {
  for (size_t i = 0; i < other.counts.size(); ++i) {
    if (other.counts[i] != 0) add(other.min_key + static_cast<int32_t>(i), other.counts[i]);
  }
}

void LogSketch::add(double value) {
  if (std::isnan(value)) return;
  ++count_;
  double magnitude = std::fabs(value);
  if (magnitude < kMinMagnitude) {
    ++zeros_;
  } else if (value > 0) {
    positive_.add(key_of(magnitude), 1);
  } else {
    negative_.add(key_of(magnitude), 1);
  }
}

void LogSketch::merge(const LogSketch& other) {
  positive_.merge(other.positive_);
  negative_.merge(other.negative_);
  zeros_ += other.zeros_;
  count_ += other.count_;
}

double LogSketch::value_at_rank(uint64_t rank) const {
  uint64_t seen = 0;
  // Most negative first: the negative store from its largest magnitude down.
  for (size_t i = negative_.counts.size(); i-- > 0;) {
    seen += negative_.counts[i];
    if (seen >= rank) return -value_of(negative_.min_key + static_cast<int32_t>(i));
  }
  seen += zeros_;
  if (seen >= rank) return 0.0;
  for (size_t i = 0; i < positive_.counts.size(); ++i) {
    seen += positive_.counts[i];
    if (seen >= rank) return value_of(positive_.min_key + static_cast<int32_t>(i));
  }
  return positive_.counts.empty() ? 0.0 : value_of(positive_.min_key + static_cast<int32_t>(positive_.counts.size()) - 1);
}

size_t LogSketch::memory_bytes() const {
  return sizeof(*this) + (positive_.counts.capacity() + negative_.counts.capacity()) * sizeof(uint64_t);
}

void LogSketch::snapshot(StateWriter& out) const {
  out.varint(count_);
  out.varint(zeros_);
  for (const Store* store : {&positive_, &negative_}) {
    out.svarint(store->min_key);
    out.count(store->counts.size());
    for (uint64_t c : store->counts) out.varint(c);
  }
}

void LogSketch::restore(StateReader& in) {
  count_ = in.varint();
  zeros_ = in.varint();
  for (Store* store : {&positive_, &negative_}) {
    store->min_key = static_cast<int32_t>(in.svarint());
    size_t n = in.count();
    if (n > static_cast<size_t>(kMaxBuckets)) throw CheckpointError("checkpoint state is truncated or corrupt");
    store->counts.resize(n);
    for (auto& c : store->counts) c = in.varint();
  }
}

}  // namespace sp
