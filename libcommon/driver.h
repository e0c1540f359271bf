// The driver: runs one Operator over the input, owning everything that is
// the same in every tool — input and output, micro-batched flushing, event
// time and watermarks, checkpoints and resume, signals, dead letters and
// --stats accounting.
#pragma once
#include <functional>
#include <memory>

#include "libcommon/cli.h"
#include "libcommon/operator.h"

namespace sp {

// Parses the common options, then runs the operator made by `make`. Returns
// the process exit status (see errors.h). Tool mains end with
//   return sp::run_tool(cli, [&] { return std::make_unique<MyOperator>(opts); });
// `make` may throw UsageError for a bad tool option; it is reported with
// status 2.
int run_tool(ToolCli& cli, const std::function<std::unique_ptr<Operator>()>& make);

}  // namespace sp
