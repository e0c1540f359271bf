// sp-parse: text formats into sp's record model (one JSON object per line).
#include "libcommon/driver.h"
#include "tools/sp-parse/formats.h"
#include "tools/sp-parse/mapping_source.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  Validate NDJSON, keeping bad lines aside:
    sp-parse --input events.ndjson --dead-letter bad.ndjson > good.ndjson
  A web server log with its event time, read as it grows:
    sp-parse --from nginx-combined --input access.log --follow \
      --time-field time_local --time-format '%d/%b/%Y:%H:%M:%S %z'
  CSV with typed columns, renamed and trimmed:
    sp-parse --from csv --type amount:float,qty:int --rename cust=customer \
      --keep ts,customer,amount,qty < orders.csv
  Any line format through named groups of a regular expression:
    sp-parse --from regex --regex '^(?P<level>\w+) (?P<msg>.*)$' < app.log)";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-parse", "Parse records into NDJSON, one JSON object per line", kExamples, sp::kFeatureAll);
  cli.essential({{"--from", "json (default), csv, tsv, logfmt, regex, nginx-combined, apache-common, "
                           "apache-combined, syslog-rfc3164, syslog-rfc5424 or auto"},
                 {"--regex", "Named groups (?P<name>...) of this RE2 become fields"},
                 "--time-field", "--time-format", "--type", "--rename", "--keep", "--drop", "--require", "--schema",
                 "--multiline-start"});
  sp::FormatOptions formats;
  sp::add_format_options(cli.app(), formats);
  sp::MappingOptions mapping;
  sp::add_mapping_options(cli.app(), mapping);
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  if (int rc = sp::prepare_mapping(cli, formats, mapping); rc >= 0) return rc;
  return sp::run_tool(cli, [&] { return sp::make_parse_operator(formats, mapping); });
}
