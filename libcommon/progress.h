// --progress: a live status line on stderr, redrawn at most once a second,
// and only when stderr is a terminal:
//
//   sp-window: 1234567 records, 45.2 MiB, 98765 rec/s, 3.6 MiB/s, 42.0%, ETA 1m05s
//
// Percent done and ETA need a regular input file (--input FILE, or stdin
// redirected from one); a followed file shows how far behind its end the
// tool is instead.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "libcommon/units.h"

namespace sp {

struct ProgressCounters {
  uint64_t records = 0;
  uint64_t bytes = 0;     // processed by this run
  uint64_t position = 0;  // in the input file (also what earlier runs read)
  uint64_t start_position = 0;  // where this run started in it
  uint64_t size = 0;      // of the input file; 0: not a regular file
  bool follow = false;    // the file grows: no percent, the lag instead
};

// The line's text (without "\r" and terminal escapes). Pure.
std::string format_progress(std::string_view tool, const ProgressCounters& counters, Nanos elapsed);

// "512 B", "45.2 MiB", "3.1 GiB".
std::string format_bytes(double bytes);
// "12s", "1m05s", "2h03m", "3d04h" (whole seconds, rounded up).
std::string format_eta(double seconds);

class ProgressLine {
 public:
  // Draws only when `requested` and stderr is a terminal.
  ProgressLine(std::string tool, bool requested);
  // Clears the line, so that an error reported on the way out starts on a
  // clean line.
  ~ProgressLine() { finish(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  // Whether a drawing is due: enabled, and the first one or a second after
  // the last. Cheap; gather the counters only when it returns true.
  bool due(Nanos now);
  void draw(const ProgressCounters& counters, Nanos now);
  // Clears the line (before other diagnostics or at exit).
  void finish();

 private:
  std::string tool_;
  bool enabled_;
  Nanos start_ = 0;
  Nanos last_draw_ = 0;
  bool drawn_ = false;
};

}  // namespace sp
