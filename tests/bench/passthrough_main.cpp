// A benchmark-only tool: the driver with an operator that writes every
// record through untouched, without parsing it. It measures the runtime's
// own cost (reading, line splitting, accounting, buffered writing).
#include "libcommon/driver.h"

namespace {

class PassThrough final : public sp::Operator {
 public:
  void on_record(const sp::Record& record, sp::Context& ctx) override { ctx.emit(record.text); }
  bool wants_json() const override { return false; }
};

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-bench-passthrough", "Copy records through the sp runtime unchanged (benchmark)", "",
                  sp::kFeatureInput);
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  return sp::run_tool(cli, [] { return std::make_unique<PassThrough>(); });
}
