// sp-join: enrich a stream from a reference table (stream-table join).
#include "libcommon/driver.h"
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
  A table that is rewritten while the stream is tailed:
    sp-join --input app.ndjson --follow --table plans.tsv --on plan --reload
See sp-join(1) and sp(7).)";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-join", "Enrich a stream from a reference table (stream-table join)", kExamples,
                  sp::kFeatureAll);
  sp::JoinArgs args;
  args.add_to(cli.app());
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  return sp::run_tool(cli, [&] {
    return std::make_unique<sp::TableJoinOperator>(sp::resolve_join_options(args, cli.common()));
  });
}
