#include "tools/sp-gen/run.h"

#include <iostream>
#include <thread>

#include "libcommon/clock.h"
#include "libcommon/errors.h"
#include "libcommon/output.h"
#include "libcommon/progress.h"
#include "libcommon/signals.h"
#include "libcommon/stats.h"
#include "libcommon/status.h"
#include "libcommon/timestamp.h"

namespace sp::gen {

namespace {

// parse_duration's message, prefixed with the option it came from.
Nanos duration_option(const char* option, const std::string& text) {
  try {
    return parse_duration(text);
  } catch (const UsageError& e) {
    throw UsageError(std::string(option) + ": " + e.what());
  }
}

}  // namespace

GenOptions resolve_options(const GenArgs& args, Nanos now_wall) {
  GenOptions o;
  o.seed = args.seed;
  o.keys = args.keys;
  o.zipf = args.zipf;
  o.dup_rate = args.dup_rate;
  o.late_rate = args.late_rate;
  if (!args.disorder.empty()) o.disorder = duration_option("--disorder", args.disorder);
  if (!args.interval.empty()) {
    o.interval = duration_option("--interval", args.interval);
  } else if (!args.rate.empty()) {
    o.interval = parse_rate(args.rate).spacing();  // event time keeps pace with the wall clock
  }
  if (args.start == "now") {
    o.start = now_wall - now_wall % kNanosPerMilli;
  } else if (!args.start.empty() && !parse_rfc3339(args.start, o.start)) {
    throw UsageError("--start: expected an RFC 3339 time such as 2026-01-01T00:00:00Z, or 'now'; got '" +
                     args.start + "'");
  }
  const auto format = parse_format(args.format);
  if (!format) throw UsageError("--format: unknown format '" + args.format + "'; expected one of " + std::string(kFormatNames));
  o.format = *format;
  validate(o);
  return o;
}

namespace {

// Writes records [written, target) and keeps the counters.
void emit(EventGenerator& gen, OutputSink& out, std::string& line, uint64_t target, Stats& stats,
          uint64_t& duplicates, uint64_t& late) {
  while (stats.records_out < target && !stop_requested()) {
    gen.next(line);
    out.write_line(line);
    ++stats.records_out;
  }
  duplicates = gen.duplicates();
  late = gen.late();
}

}  // namespace

int run(const GenArgs& args, const CommonOptions& common) {
  Clock& clock = Clock::instance();
  const Nanos started = real_monotonic_now();
  EventGenerator gen(resolve_options(args, clock.now_wall()));
  const bool paced = !args.rate.empty();
  const uint64_t limit = args.count ? *args.count : paced ? UINT64_MAX : kDefaultCount;

  install_stop_handlers();
  Stats stats;
  uint64_t& duplicates = stats.counter("duplicates_generated");
  uint64_t& late = stats.counter("late_generated");
  ProgressLine progress("sp-gen", common.progress);
  std::unique_ptr<StatusFile> status;
  const Nanos every = status_interval(common);
  if (!common.status.empty()) status = std::make_unique<StatusFile>(common.status, every, "sp-gen", "sp-gen");
  OutputSink out(OutputOptions{.path = common.output, .option = "--output", .line_buffered = common.line_buffered});
  // --progress and --status, between batches; records and bytes are the output's.
  auto tick = [&](Nanos now) {
    if (progress.due(now)) progress.draw(ProgressCounters{.records = stats.records_out, .bytes = out.bytes_written()}, now);
    if (status && status->due(now)) {
      stats.bytes_out = out.bytes_written();
      StatusReport report;
      report.counters = stats.counters_json();
      status->publish(report, stats.records_out, out.bytes_written());
    }
  };
  auto final_status = [&](const char* state) {
    if (!status) return;
    stats.bytes_out = out.bytes_written();
    StatusReport report;
    report.state = state;
    report.counters = stats.counters_json();
    status->finish(report, stats.records_out, out.bytes_written());
  };
  auto finish = [&](const char* state) {
    stats.bytes_out = out.bytes_written();
    progress.finish();
    final_status(state);
    if (common.stats) std::cerr << stats.to_json(static_cast<double>(real_monotonic_now() - started) / 1e9) << '\n';
  };

  std::string line;
  try {
    if (!gen.header().empty()) out.write_line(gen.header());
    if (!paced) {
      constexpr uint64_t kBatch = 65536;  // between progress updates and stop checks
      while (stats.records_out < limit && !stop_requested()) {
        emit(gen, out, line, std::min(limit, stats.records_out + std::min(kBatch, limit - stats.records_out)), stats,
             duplicates, late);
        tick(clock.now_monotonic());
      }
    } else {
      // Each batch of due records is flushed at once, so a reader tailing
      // the output sees them live.
      const Pacer pacer(parse_rate(args.rate), clock.now_monotonic());
      while (stats.records_out < limit && !stop_requested()) {
        const Nanos now = clock.now_monotonic();
        const uint64_t due = std::min(limit, pacer.due(now));
        if (due > stats.records_out) {
          emit(gen, out, line, due, stats, duplicates, late);
          out.flush();
          tick(now);
          continue;
        }
        tick(now);
        const Nanos wait = std::max<Nanos>(pacer.due_at(stats.records_out) - now, kNanosPerMilli);
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<Nanos>(wait, 100 * kNanosPerMilli)));
      }
    }
    out.flush();
  } catch (const BrokenPipe&) {
    finish("done");  // downstream has what it wanted, like `head`
    return kExitOk;
  } catch (const std::exception& e) {
    note_diagnostic(Severity::Error, e.what());
    progress.finish();
    final_status("failed");
    throw;
  }
  finish(stop_requested() ? "stopped" : "done");
  return kExitOk;
}

}  // namespace sp::gen
