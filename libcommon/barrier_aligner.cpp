#include "libcommon/barrier_aligner.h"

#include <algorithm>

#include "libcommon/control_line.h"

namespace sp {

void BarrierAligner::push(size_t input, std::string_view line, const LineSink& out, const AlignedSink& on_aligned) {
  Input& in = inputs_[input];
  if (in.passed > aligned_) {  // ahead of the others: wait for them
    in.held.append(line);
    in.held.push_back('\n');
    return;
  }
  if (!is_control_line(line)) {
    out(line);
    return;
  }
  ControlLine c;
  if (!parse_control_line(line, c)) {
    out(line);  // not ours: downstream rejects it like any invalid record
    return;
  }
  if (c.kind != ControlLine::Kind::Barrier) return;
  in.passed = c.epoch;
  uint64_t slowest = in.passed;
  for (const Input& i : inputs_) slowest = std::min(slowest, i.passed);
  if (slowest <= aligned_) return;
  aligned_ = slowest;
  on_aligned(aligned_);
  release(out, on_aligned);
}

void BarrierAligner::release(const LineSink& out, const AlignedSink& on_aligned) {
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (inputs_[i].held.empty()) continue;
    std::string held;
    held.swap(inputs_[i].held);
    std::string_view rest = held;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      push(i, rest.substr(0, nl), out, on_aligned);
      rest.remove_prefix(nl + 1);
    }
  }
}

size_t BarrierAligner::held_bytes() const {
  size_t n = 0;
  for (const Input& i : inputs_) n += i.held.size();
  return n;
}

}  // namespace sp
