// The last diagnostic of each severity a tool printed, kept for --status
// (status.h): "last_error" (a rejected record, or the error that stopped
// the run) and "last_warning" (anything else said on stderr).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "libcommon/units.h"

namespace sp {

enum class Severity { Warning, Error };

struct Diagnostic {
  Nanos at = 0;  // wall time (the replaceable clock, SP_CLOCK)
  std::string message;
};

// Remembers `message` as the latest of its severity. Thread-safe.
void note_diagnostic(Severity severity, std::string_view message);
std::optional<Diagnostic> last_diagnostic(Severity severity);

}  // namespace sp
