// --progress: a live status line on stderr, redrawn at most once a second,
// and only when stderr is a terminal.
#pragma once
#include <cstdint>
#include <string>

#include "libcommon/units.h"

namespace sp {

class ProgressLine {
 public:
  ProgressLine(std::string tool, bool requested, uint64_t input_size);
  // Redraws when a second has passed since the last drawing.
  void update(uint64_t records, uint64_t bytes, Nanos now);
  // Clears the line (before other diagnostics or at exit).
  void finish();

 private:
  std::string tool_;
  bool enabled_;
  uint64_t input_size_;  // 0 when unknown (pipes)
  Nanos start_ = 0;
  Nanos last_draw_ = 0;
  bool drawn_ = false;
};

}  // namespace sp
