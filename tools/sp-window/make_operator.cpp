#include "tools/sp-window/make_operator.h"

#include "tools/sp-window/count_windows.h"
#include "tools/sp-window/session_windows.h"
#include "tools/sp-window/time_windows.h"

namespace sp {

std::unique_ptr<Operator> make_window_operator(WindowConfig config) {
  switch (config.kind) {
    case WindowKind::Tumbling:
    case WindowKind::Hopping: return std::make_unique<TimeWindows>(std::move(config));
    case WindowKind::Session: return std::make_unique<SessionWindows>(std::move(config));
    case WindowKind::Count: return std::make_unique<CountWindows>(std::move(config));
  }
  return nullptr;
}

}  // namespace sp
