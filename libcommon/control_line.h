// In-band control lines between the members of a checkpointed pipeline
// (--checkpoint-dir): checkpoint barriers, watermarks and the end marker.
//
// A control line starts with the byte 0x1E (ASCII record separator), which
// is not JSON whitespace and cannot begin a JSON value, so it can never be
// mistaken for a record:
//
//   \x1esp barrier EPOCH        every member snapshots its state for EPOCH
//   \x1esp watermark NANOS      the upstream's event-time watermark
//   \x1esp end                  the stream ended normally (no crash upstream)
//
// Only members started with --checkpoint-dir look for them, and only on
// stdin; the pipeline's last member never writes them to its output.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "libcommon/units.h"

namespace sp {

inline constexpr char kControlByte = '\x1e';

struct ControlLine {
  enum class Kind : uint8_t { Barrier, Watermark, End };
  Kind kind = Kind::End;
  uint64_t epoch = 0;  // Barrier
  Nanos watermark = 0; // Watermark
};

inline bool is_control_line(std::string_view line) { return !line.empty() && line[0] == kControlByte; }

// Parses a line that starts with kControlByte. Returns false (and leaves
// `out` unspecified) for anything that is not exactly one of the forms above.
bool parse_control_line(std::string_view line, ControlLine& out);

// The line (without its newline).
std::string format_control_line(const ControlLine& c);

}  // namespace sp
