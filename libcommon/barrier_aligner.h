// Merging the outputs of several pipeline members into one stream (the
// children of sp-partition --exec) without mixing epochs: once an input has
// passed barrier e, its later lines are held back until every input has
// passed e. Then on_aligned(e) runs (the merging member forwards or commits
// e) and the held lines follow. Watermark and end lines of the inputs are
// dropped: the merging member sends its own.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sp {

class BarrierAligner {
 public:
  using LineSink = std::function<void(std::string_view)>;
  using AlignedSink = std::function<void(uint64_t epoch)>;

  explicit BarrierAligner(size_t inputs) : inputs_(inputs) {}

  // One line (without its newline) from input `input`: passed to `out` now,
  // held, or (a control line) consumed.
  void push(size_t input, std::string_view line, const LineSink& out, const AlignedSink& on_aligned);

  uint64_t aligned_epoch() const { return aligned_; }
  // Bytes held back, all inputs together.
  size_t held_bytes() const;

 private:
  struct Input {
    uint64_t passed = 0;  // the last barrier it delivered
    std::string held;     // lines after it, each with its newline
  };
  void release(const LineSink& out, const AlignedSink& on_aligned);

  std::vector<Input> inputs_;
  uint64_t aligned_ = 0;
};

}  // namespace sp
