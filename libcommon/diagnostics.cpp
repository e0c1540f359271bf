#include "libcommon/diagnostics.h"

#include <mutex>

#include "libcommon/clock.h"

namespace sp {

namespace {

std::mutex mutex;
std::optional<Diagnostic> last[2];

}  // namespace

void note_diagnostic(Severity severity, std::string_view message) {
  Nanos at = 0;
  try {
    at = Clock::instance().now_wall();
  } catch (...) {  // a malformed SP_CLOCK, being reported right now
  }
  std::lock_guard lock(mutex);
  last[static_cast<int>(severity)] = Diagnostic{at, std::string(message)};
}

std::optional<Diagnostic> last_diagnostic(Severity severity) {
  std::lock_guard lock(mutex);
  return last[static_cast<int>(severity)];
}

}  // namespace sp
