// HyperLogLog distinct counting (precision 14: 16384 one-byte registers,
// standard error 0.81%), with Ertl's improved estimator ("New cardinality
// estimation algorithms for HyperLogLog sketches", 2017), which needs no
// empirical bias tables and is accurate from 0 to billions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sp {

class StateWriter;
class StateReader;

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr uint32_t kRegisters = 1u << kPrecision;

  // Adds a 64-bit hash of a value (xxh3 of its canonical bytes).
  void add_hash(uint64_t hash);
  void merge(const HyperLogLog& other);
  double estimate() const;
  bool empty() const { return registers_.empty(); }
  size_t memory_bytes() const { return registers_.capacity(); }

  void snapshot(StateWriter& out) const;
  void restore(StateReader& in);

 private:
  std::vector<uint8_t> registers_;  // allocated on first add
};

}  // namespace sp
