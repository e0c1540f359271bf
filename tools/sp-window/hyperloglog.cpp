#include "tools/sp-window/hyperloglog.h"

#include <bit>
#include <cmath>
#include <limits>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

constexpr int kQ = 64 - HyperLogLog::kPrecision;  // hash bits left for the rank

double sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1.0, z = x;
  for (;;) {
    x *= x;
    double previous = z;
    z += x * y;
    y += y;
    if (z == previous) return z;
  }
}

double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0, z = 1.0 - x;
  for (;;) {
    x = std::sqrt(x);
    double previous = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
    if (z == previous) return z / 3.0;
  }
}

}  // namespace

void HyperLogLog::add_hash(uint64_t hash) {
  if (registers_.empty()) registers_.assign(kRegisters, 0);
  uint32_t index = static_cast<uint32_t>(hash >> kQ);
  uint64_t rest = hash << kPrecision;
  // Rank: position of the first 1 bit in the remaining kQ bits, kQ + 1 if none.
  uint8_t rank = rest == 0 ? kQ + 1 : static_cast<uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[index]) registers_[index] = rank;
}

void HyperLogLog::merge(const HyperLogLog& other) {
  if (other.registers_.empty()) return;
  if (registers_.empty()) {
    registers_ = other.registers_;
    return;
  }
  for (uint32_t i = 0; i < kRegisters; ++i) {
    if (other.registers_[i] > registers_[i]) registers_[i] = other.registers_[i];
  }
}

double HyperLogLog::estimate() const {
  if (registers_.empty()) return 0.0;
  uint32_t histogram[kQ + 2] = {};
  for (uint8_t r : registers_) ++histogram[r];
  const double m = kRegisters;
  double z = m * tau(1.0 - histogram[kQ + 1] / m);
  for (int k = kQ; k >= 1; --k) z = 0.5 * (z + histogram[k]);
  z += m * sigma(histogram[0] / m);
  constexpr double kAlphaInf = 0.721347520444481703680;  // 1 / (2 ln 2)
  return kAlphaInf * m * m / z;
}

void HyperLogLog::snapshot(StateWriter& out) const {
  out.boolean(!registers_.empty());
  if (!registers_.empty()) out.str(std::string_view(reinterpret_cast<const char*>(registers_.data()), kRegisters));
}

void HyperLogLog::restore(StateReader& in) {
  registers_.clear();
  if (!in.boolean()) return;
  std::string_view bytes = in.str();
  if (bytes.size() != kRegisters) throw CheckpointError("checkpoint state is truncated or corrupt");
  registers_.assign(bytes.begin(), bytes.end());
}

}  // namespace sp
