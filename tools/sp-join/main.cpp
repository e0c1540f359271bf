// sp-join: enrich a stream from a reference table (stream-table join).
#include "libcommon/driver.h"
#include "tools/sp-join/interval_join_operator.h"
#include "tools/sp-join/join_options.h"
#include "tools/sp-join/table_join_operator.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  Add each user's plan and country from a table:
    sp-join --table users.ndjson --on user < events.ndjson
  Keep every event; unmatched ones get the table fields as null:
    sp-join --table users.csv --on user_id=id --how left --fill-null --prefix u_
  Find events whose user is not in the table (orphans):
    sp-join --table users.ndjson --on user --how anti --stats
  Orders and their payment within 10 minutes after (two streams):
    sp-join --input orders.ndjson --right payments.ndjson --on order_id \
      --time-field ts --between 0s,10m --max-delay 30s --how left
  A table that is rewritten while the stream is tailed:
    sp-join --input app.ndjson --follow --table plans.tsv --on plan --reload)";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-join", "Join a stream with a reference table, or with a second stream on event time", kExamples,
                  sp::kFeatureAll | sp::kFeatureValidate);
  cli.essential({"--table", "--on", "--how", "--fields", "--prefix", "--reload", "--right", "--time-field",
                 "--within", "--between"});
  sp::JoinArgs args;
  args.add_to(cli.app());
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  return sp::run_tool(cli, [&] {
    sp::JoinConfig config = sp::resolve_join_options(args, cli.common());
    std::unique_ptr<sp::Operator> op;
    if (config.right.empty()) {
      op = std::make_unique<sp::TableJoinOperator>(std::move(config));
    } else {
      op = std::make_unique<sp::IntervalJoinOperator>(std::move(config));
    }
    return op;
  });
}
