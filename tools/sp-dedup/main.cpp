// sp-dedup: drop records whose key was seen before (exactly-once filtering).
#include "libcommon/driver.h"
#include "tools/sp-dedup/dedup_operator.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  Keep the first record of each id:
    sp-dedup --key id < events.ndjson > unique.ndjson
  Drop identical records (key order ignored), remembered across cron runs:
    sp-dedup --input today.ndjson --checkpoint seen.ckpt --output unique.ndjson
  Retries within 10 minutes of event time, bounded memory:
    sp-dedup --key request_id --within 10m --time-field ts --max-keys 1000000
  The last record per session with its number of occurrences:
    sp-dedup --key session --keep last --count-field n
  Audit: show only the duplicates:
    sp-dedup --key id --duplicates --stats)";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-dedup", "Drop records whose key was seen before (exactly-once filtering)", kExamples,
                  sp::kFeatureAll | sp::kFeatureValidate);
  cli.essential({"--key", "--within", "--time-field", "--within-records", "--max-keys", "--max-memory", "--keep",
                 "--count-field", "--duplicates", "--approx"});
  sp::DedupArgs args;
  args.add_to(cli.app());
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  return sp::run_tool(cli, [&] {
    return std::make_unique<sp::DedupOperator>(sp::resolve_dedup_options(args, cli.common()));
  });
}
