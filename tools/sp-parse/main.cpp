// sp-parse: text formats into sp's record model (one JSON object per line).
#include "libcommon/driver.h"
#include "tools/sp-parse/formats.h"
#include "tools/sp-parse/mapping_source.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  Validate NDJSON, keeping bad lines aside:
    sp-parse --input events.ndjson --dead-letter bad.ndjson > good.ndjson
  Follow a growing log:
    sp-parse --input app.ndjson --follow | sp-window --tumbling 1m --agg count
See sp-parse(1) and sp(7).)";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-parse", "Parse records into NDJSON, one JSON object per line", kExamples, sp::kFeatureAll);
  sp::FormatOptions formats;
  sp::add_format_options(cli.app(), formats);
  sp::MappingOptions mapping;
  sp::add_mapping_options(cli.app(), mapping);
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  if (int rc = sp::prepare_mapping(cli, formats, mapping); rc >= 0) return rc;
  return sp::run_tool(cli, [&] { return sp::make_parse_operator(formats, mapping); });
}
