// Picks the operator for the window kind.
#pragma once
#include <memory>

#include "libcommon/operator.h"
#include "tools/sp-window/window_options.h"

namespace sp {

std::unique_ptr<Operator> make_window_operator(WindowConfig config);

}  // namespace sp
