// sp-gen: deterministic synthetic events for demos, tests and benchmarks.
#include <iostream>

#include "libcommon/cli.h"
#include "libcommon/errors.h"
#include "libcommon/output.h"
#include "tools/sp-gen/run.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  A million events, the same bytes on every machine:
    sp-gen --count 1000000 --seed 7 > events.ndjson
  Retries to deduplicate (5% of records repeat a recent one):
    sp-gen --count 100000 --keys 50 --dup-rate 0.05 | sp-dedup --key id --stats
  Out-of-order and late events for windows:
    sp-gen --count 10000 --disorder 5s --late-rate 0.01 \
      | sp-window --tumbling 1m --time-field ts --max-delay 5s --agg count
  A live stream of 20 events a second, starting now:
    sp-gen --rate 20/s --start now | sp-window --tumbling 5s --time-field ts
  A web server log to try sp-parse on:
    sp-gen --count 100 --format nginx-combined > access.log)";

}  // namespace

int main(int argc, char** argv) {
  sp::ignore_sigpipe();
  sp::ToolCli cli("sp-gen", "Generate deterministic synthetic events for demos, tests and benchmarks.", kExamples, 0);
  cli.essential({"--count", "--seed", "--rate", "--keys", "--zipf", "--dup-rate", "--disorder", "--late-rate", "--start",
                 "--interval", "--format"});
  sp::gen::GenArgs args;
  CLI::App& app = cli.app();
  const auto group = "Generation";
  app.add_option("-n,--count", args.count, "Write N records (default 10; unbounded with --rate)")
      ->type_name("N")->check(sp::kWholeNumber)->group(group);
  app.add_option("--seed", args.seed, "Seed of the pseudo-random sequence (default 1)")
      ->type_name("S")->check(sp::kWholeNumber)->group(group);
  app.add_option("--rate", args.rate, "Pace output live at N records per second (N/s, N/m, N/h)")
      ->type_name("N/s")->group(group);
  app.add_option("--keys", args.keys, "Number of distinct users (default 1000)")
      ->type_name("K")->check(sp::kWholeNumber)->group(group);
  app.add_option("--zipf", args.zipf, "Skew of users: Zipf exponent, 0 = uniform (default 1.1)")
      ->type_name("S")->group(group);
  app.add_option("--dup-rate", args.dup_rate, "Probability a record repeats a recent one exactly (default 0)")
      ->type_name("P")->group(group);
  app.add_option("--disorder", args.disorder, "Move event times back by a random amount below DUR (default 0s)")
      ->type_name("DUR")->group(group);
  app.add_option("--late-rate", args.late_rate, "Probability a record is older than the disorder bound (default 0)")
      ->type_name("P")->group(group);
  app.add_option("--start", args.start, "Where event time starts: RFC 3339 or 'now' (default 2026-01-01T00:00:00Z)")
      ->type_name("TIME")->group(group);
  app.add_option("--interval", args.interval, "Event-time step between records (default 100ms; with --rate, 1/N s)")
      ->type_name("DUR")->group(group);
  app.add_option("--format", args.format, "ndjson, csv, logfmt, nginx-combined or syslog (default ndjson)")
      ->type_name("FMT")->group(group);
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;

  try {
    return sp::gen::run(args, cli.common());
  } catch (const sp::UsageError& e) {
    sp::report("sp-gen", e.what());
    std::cerr << "Run 'sp-gen --help' for usage.\n";
    return sp::kExitUsage;
  } catch (const sp::IoError& e) {
    sp::report("sp-gen", e.what());
    return sp::kExitDataOrIo;
  }
}
