// sp-gen: deterministic synthetic events for demos, tests and benchmarks.
#include <iostream>

#include "libcommon/cli.h"
#include "libcommon/errors.h"
#include "libcommon/output.h"
#include "tools/sp-gen/run.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  sp-gen --count 5                          five NDJSON events
  sp-gen --count 1000000 --seed 7 > events.ndjson
  sp-gen --count 100000 --keys 50 --dup-rate 0.05 | sp-dedup --key id --within 10m --stats
  sp-gen --count 10000 --disorder 5s --late-rate 0.01 \
    | sp-window --tumbling 1m --time-field ts --max-delay 5s --agg count
  sp-gen --rate 20/s --start now | sp-window --tumbling 5s --time-field ts --agg count
  sp-gen --count 100 --format nginx-combined > access.log

Same options and seed give byte-identical output on every machine. Fresh
records step event time by --interval; --disorder moves each one back by a
random amount below DUR; --late-rate records fall further behind than the
disorder bound (between it and 10x it; 1m when there is no --disorder);
--dup-rate records repeat a recent record exactly (same id and time), as a
retry would. --stats counts records_out, duplicates_generated and
late_generated.)";

// Digits only: CLI11 would otherwise wrap "-1" around into a huge unsigned.
const CLI::Validator kWholeNumber(
    [](std::string& text) -> std::string {
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return {};
      return "expected a whole number (0, 1, 2, ...), got '" + text + "'";
    },
    "", "whole number");

}  // namespace

int main(int argc, char** argv) {
  sp::ignore_sigpipe();
  sp::ToolCli cli("sp-gen", "Generate deterministic synthetic events for demos, tests and benchmarks.", kExamples, 0);
  sp::gen::GenArgs args;
  CLI::App& app = cli.app();
  const auto group = "Generation";
  app.add_option("-n,--count", args.count, "Write N records (default 10; unbounded with --rate)")
      ->type_name("N")->check(kWholeNumber)->group(group);
  app.add_option("--seed", args.seed, "Seed of the pseudo-random sequence (default 1)")
      ->type_name("S")->check(kWholeNumber)->group(group);
  app.add_option("--rate", args.rate, "Pace output live at N records per second (N/s, N/m, N/h)")
      ->type_name("N/s")->group(group);
  app.add_option("--keys", args.keys, "Number of distinct users (default 1000)")
      ->type_name("K")->check(kWholeNumber)->group(group);
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
