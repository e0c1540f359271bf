// sp-window: event-time windows (tumbling, hopping, session, count) with
// watermarks, late data and exact or approximate aggregates.
#include "libcommon/clock.h"
#include "libcommon/driver.h"
#include "tools/sp-window/make_operator.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  Requests per minute and status, with the 99th percentile latency:
    sp-window --time-field ts --tumbling 1m --by status --agg count,p99:latency
  Five-minute averages every minute, tolerating 10s of disorder:
    sp-window --time-field ts --hopping 5m --advance 1m --max-delay 10s \
      --agg avg:amount
  User sessions (30 minutes of silence ends one), late records kept aside:
    sp-window --time-field ts --session 30m --by user --late late.ndjson
  A cron job continuing its windows across runs:
    sp-window --input app.ndjson --checkpoint app.ckpt --time-field ts \
      --tumbling 1h --agg count)";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-window", "Aggregate records over event-time windows (tumbling, hopping, session, count)",
                  kExamples, sp::kFeatureAll | sp::kFeatureValidate);
  cli.essential({"--time-field", "--tumbling", "--hopping", "--advance", "--session", "--count", "--by", "--agg",
                 "--max-delay", "--allowed-lateness", "--late", {"--emit", "final (default), update or early:DUR (partial rows)"}});
  sp::WindowArgs args;
  auto& app = cli.app();
  const char* kWindow = "Windows";
  app.add_option("--tumbling", args.tumbling, "Fixed, non-overlapping windows of DUR (aligned to the epoch)")
      ->type_name("DUR")->group(kWindow);
  app.add_option("--hopping", args.hopping, "Overlapping windows of DUR, one starting every --advance")
      ->type_name("DUR")->group(kWindow);
  app.add_option("--advance", args.advance, "Step between window starts: DUR with --hopping, N records with --count")
      ->type_name("DUR|N")->group(kWindow);
  app.add_option("--session", args.session, "Per-key sessions, closed after GAP without records")
      ->type_name("GAP")->group(kWindow);
  app.add_option("--count", args.count, "Per-key windows of N records")->type_name("N")->group(kWindow);
  app.add_option("--offset", args.offset, "Shift window boundaries by DUR from the epoch (default 0s)")
      ->type_name("DUR")->group(kWindow);
  app.add_flag("--processing-time", args.processing_time,
               "Use arrival time instead of --time-field (results depend on timing)")
      ->group(kWindow);

  const char* kAgg = "Aggregation";
  app.add_option("--by", args.by, "Group by these fields (comma-separated; a missing field groups as null)")
      ->type_name("F1,F2")->group(kAgg);
  app.add_option("--agg", args.agg,
                 "Aggregates: fn, fn:field or name=fn:field; count sum min max avg stddev first last distinct "
                 "approx_distinct pNN (default count)")
      ->type_name("LIST")->group(kAgg);
  app.add_flag("--sketch", args.sketch, "Percentiles from a bounded sketch (1% relative error) instead of exact")
      ->group(kAgg);

  const char* kEmit = "Emission";
  app.add_option("--emit", args.emit,
                 "final (default), update (a row after every record) or early:DUR (partial rows every DUR)")
      ->type_name("MODE")->group(kEmit);
  app.add_option("--allowed-lateness", args.allowed_lateness,
                 "Keep closed windows DUR longer; later records re-emit them with \"update\":true")
      ->type_name("DUR")->group(kEmit);
  app.add_option("--late", args.late, "Write records too late for any window to FILE (they are counted as late)")
      ->type_name("FILE")->group(kEmit);
  app.add_option("--time-out", args.time_out, "window_start/window_end format (default rfc3339)")
      ->type_name("FMT")->check(CLI::IsMember({"rfc3339", "epoch_ms", "epoch_ns"}))->group(kEmit);
  app.add_flag("--flush-at-end", args.flush_at_end, "With --checkpoint, emit open windows at end of input anyway")
      ->group(kEmit);
  app.add_option("--max-groups", args.max_groups, "Bound on open window x group states (default 10000000)")
      ->type_name("N")->check(sp::kWholeNumber)->group(kEmit);
  app.add_option("--on-overflow", args.on_overflow,
                 "At --max-groups: error (default) or emit-oldest (emit and close the oldest window early)")
      ->type_name("WHAT")->check(CLI::IsMember({"error", "emit-oldest"}))->group(kEmit);

  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  return sp::run_tool(cli, [&] {
    sp::Clock::instance();
    return sp::make_window_operator(sp::resolve_window_config(args, cli.common().time_field));
  });
}
