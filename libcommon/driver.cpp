#include "libcommon/driver.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "libcommon/checkpoint.h"
#include "libcommon/clock.h"
#include "libcommon/dead_letter.h"
#include "libcommon/diagnostics.h"
#include "libcommon/driver_impl.h"
#include "libcommon/errors.h"
#include "libcommon/event_time.h"
#include "libcommon/hash.h"
#include "libcommon/input.h"
#include "libcommon/line_issue.h"
#include "libcommon/output.h"
#include "libcommon/progress.h"
#include "libcommon/read_ahead.h"
#include "libcommon/resume_input.h"
#include "libcommon/signals.h"
#include "libcommon/state_codec.h"
#include "libcommon/time_range.h"

namespace sp {

namespace driver_detail {

namespace {

// How many rejected records are described on stderr before the rest are
// only counted (the dead-letter sink and --stats still see all of them).
constexpr uint64_t kRejectionsReported = 10;
// Longest wait for input before the driver looks at the clock, signals and
// idle timers again.
constexpr int kPollMs = 200;

}  // namespace

Settings resolve(const CommonOptions& o, const std::string& tool) {
  Settings s;
  resolve_pipeline(o, tool, s);
  try {
    s.max_record_size = parse_size(o.max_record_size);
  } catch (const UsageError& e) {
    throw UsageError(std::string("--max-record-size: ") + e.what());
  }
  if (s.max_record_size == 0) throw UsageError("--max-record-size must be greater than 0, e.g. 64MiB");
  if (!o.time_field.empty()) {
    FieldPath field = FieldPath::parse(o.time_field, "--time-field");
    try {
      s.time.emplace(std::move(field), TimeFormat::parse(o.time_format));
    } catch (const UsageError& e) {
      throw UsageError(std::string("--time-format: ") + e.what());
    }
  }
  s.max_delay = parse_time_span(o.max_delay, "--max-delay");
  if (!o.idle_timeout.empty()) s.idle_timeout = parse_time_span(o.idle_timeout, "--idle-timeout");
  if (!o.checkpoint_every.empty()) {
    try {
      s.checkpoint_every = parse_count_or_duration(o.checkpoint_every);
    } catch (const UsageError& e) {
      throw UsageError(std::string("--checkpoint-every: ") + e.what());
    }
    if (o.checkpoint.empty() && o.checkpoint_dir.empty())
      throw UsageError("--checkpoint-every needs --checkpoint FILE (or --checkpoint-dir DIR)");
  }
  if (o.follow && is_stdio(o.input)) throw UsageError("--follow needs --input FILE (stdin cannot be followed)");
  s.status_interval = status_interval(o);
  return s;
}

std::string Driver::locate(const Record& record) const {
  return input_position(in_->name(), record.line, record.offset);
}

void Driver::reject(const Record& record, std::string_view reason) {
  ++stats_.rejected;
  dead_letter_.write(Rejection{in_->name(), record.offset, record.line, reason, record.text});
  std::string where = locate(record);
  if (o_.strict) throw DataError(where + ": " + std::string(reason) + " (--strict)");
  if (o_.max_errors >= 0 && stats_.rejected > static_cast<uint64_t>(o_.max_errors)) {
    throw DataError(where + ": " + std::string(reason) + "; stopping: " + std::to_string(stats_.rejected) +
                    " records rejected, more than --max-errors " + std::to_string(o_.max_errors));
  }
  if (stats_.rejected <= kRejectionsReported) {
    report(cli_.tool(), where + ": rejected: " + std::string(reason), Severity::Error);
    if (stats_.rejected == 1 && o_.dead_letter.empty() && o_.max_errors < 0) {
      report(cli_.tool(), "rejected records are skipped; --dead-letter FILE keeps them, --strict makes them fatal");
    }
    if (stats_.rejected == kRejectionsReported) {
      report(cli_.tool(), "further rejected records are counted, not shown (see --stats, --dead-letter)");
    }
  } else if (status_) {
    note_diagnostic(Severity::Error, where + ": rejected: " + std::string(reason));
  }
}

void Driver::prepare_scan() {
  std::optional<std::vector<std::string>> wanted = op_.scanned_members();
  // The operator reads the records the scan leaves through ctx.json().
  if (!wanted || !needs_json_) return;
  std::vector<std::string> names = std::move(*wanted);
  if (names.empty() && !settings_.time) return;  // nothing to scan for
  if (settings_.time) {
    const auto& segments = settings_.time->field().segments();
    if (segments.size() != 1) return;  // a nested time field: every record is parsed
    auto it = std::find(names.begin(), names.end(), segments[0]);
    time_member_ = static_cast<size_t>(it - names.begin());
    if (it == names.end()) names.push_back(segments[0]);
  }
  PlainMembersScan scan(std::move(names));
  if (!scan.usable()) return;
  scanned_.resize(scan.names().size());
  scan_.emplace(std::move(scan));
}

bool Driver::scan(Record& record) {
  if (!scan_->find(record.text, scanned_)) return false;
  return !settings_.time || settings_.time->extract(scanned_[time_member_], record.event_time);
}

void Driver::handle(const InputLine& line) {
  ++stats_.records_in;
  Record record{line.text, line.offset, line.line, kNoTime};
  if (line.issue != LineIssue::None) {
    reject(record, describe_issue(line));
    return;
  }
  if (scan_ && scan(record)) {
    record.members = scanned_.data();
  } else if (needs_json_) {
    if (auto error = json_.load(line.text)) {
      // The reader left UTF-8 to this load; name the issue as it would.
      if (!simdjson::validate_utf8(line.text.data(), line.text.size())) {
        reject(record, describe_issue(LineIssue::InvalidUtf8));
      } else {
        reject(record, std::string("invalid JSON: ") + simdjson::error_message(error));
      }
      return;
    }
    if (settings_.time) {
      if (!settings_.time->extract(json_, record.event_time, reason_)) {
        reject(record, reason_);
        return;
      }
      json_.document().rewind();
    }
  }
  op_.on_record(record, *this);
  if (record.event_time != kNoTime) {
    Nanos before = watermark_.watermark();
    watermark_.observe(record.event_time, batch_mono_);
    if (watermark_.watermark() != before) op_.on_watermark(watermark_.watermark(), *this);
  }
}

void Driver::resume(const Checkpoint& c, const std::string& from, InputOptions& input, OutputOptions& output) {
  if (!is_stdio(o_.input)) {
    check_resume_input(o_.input, c.input, c.input_name, c.input_offset, o_.follow, from);
    input.start_offset = c.input_offset;
    input.start_line = c.input_line;
  }
  if (!is_stdio(o_.output) && c.has_output_length) output.truncate_to = c.output_length;
  watermark_.restore(c.watermark);
  epoch_ = c.epoch;
  StateReader reader(c.state);
  try {
    op_.restore(reader);
  } catch (const CheckpointError& e) {
    throw CheckpointError("checkpoint " + from + ": " + e.what() +
                          "; restore it from a backup, or delete it to start from the beginning");
  }
}

bool Driver::checkpoint_due(Nanos now_mono) const {
  if (!settings_.checkpoint_every) return false;
  const auto& every = *settings_.checkpoint_every;
  if (every.is_count) return stats_.records_in - records_at_checkpoint_ >= every.count;
  return now_mono - checkpoint_mono_ >= every.duration;
}

// Everything but the output length, for a checkpoint or a pipeline snapshot.
Checkpoint Driver::make_checkpoint() {
  Checkpoint c;
  c.tool = cli_.tool();
  c.options_fingerprint = hash64(fingerprint_text());
  c.options_summary = op_.state_options();
  c.input_name = in_->name();
  auto id = in_->identity();
  c.input = InputIdentity{id.dev, id.ino, id.size, id.head_hash, id.head_len};
  c.input_offset = in_->offset();
  c.input_line = in_->line();
  dead_letter_.sync();
  c.watermark = watermark_.watermark();
  c.created_at = Clock::instance().now_wall();
  update_byte_counts();
  c.stats_json = stats_.to_json(0);
  StateWriter writer;
  op_.snapshot(writer);
  c.state = writer.take();
  return c;
}

void Driver::take_checkpoint() {
  if (out_->is_file()) out_->sync();
  else out_->flush();
  Checkpoint c = make_checkpoint();
  if (out_->is_file()) {
    c.has_output_length = true;
    c.output_length = out_->bytes_written();
  }
  c.epoch = ++epoch_;
  try {
    write_checkpoint(o_.checkpoint, c);
  } catch (const IoError& e) {
    throw IoError(std::string("--checkpoint ") + e.what() +
                  " (the output so far stays; a rerun starts from the last checkpoint written)");
  }
  records_at_checkpoint_ = stats_.records_in;
  checkpoint_mono_ = Clock::instance().now_monotonic();
}

// bytes_in counts the (decompressed) input bytes this run consumed;
// bytes_out the bytes it wrote.
void Driver::update_byte_counts() {
  stats_.empty_lines = in_->empty_lines() - empty_lines_at_start_;
  stats_.bytes_in = in_->offset() - offset_at_start_;
  stats_.bytes_out = out_->bytes_written() - bytes_out_at_start_;
}

void Driver::print_stats(Nanos started) {
  if (!o_.stats) return;
  // Wall time from the replaceable clock: a frozen SP_CLOCK makes elapsed_s
  // 0, so --stats output can be part of a golden test.
  double elapsed = static_cast<double>(Clock::instance().now_wall() - started) / kNanosPerSecond;
  std::cerr << stats_.to_json(elapsed) << '\n' << std::flush;
}

namespace {

// Collects what the operator reports for --status.
class StatusCollector final : public StatusSink {
 public:
  explicit StatusCollector(StatusReport& report) : report_(report) {}
  void gauge(std::string_view name, uint64_t value) override { report_.gauges.emplace_back(name, value); }
  void pending(std::string_view what, Nanos start, Nanos end, uint64_t groups, std::string_view hint) override {
    report_.pending = PendingState{std::string(what), start, end, groups, std::string(hint)};
  }

 private:
  StatusReport& report_;
};

// The name --status gives this run: the pipeline member's, or the tool's
// (with ".N" in the children of sp-partition --exec).
std::string status_name(const Settings& s, const std::string& tool) {
  if (s.pipeline) return s.name;
  const char* partition = std::getenv("SP_PARTITION");
  return partition && *partition ? tool + "." + partition : tool;
}

}  // namespace

ProgressCounters Driver::progress_counters() const {
  ProgressCounters c;
  c.records = stats_.records_in;
  c.bytes = in_->offset() - offset_at_start_;
  c.position = in_->file_position();
  c.start_position = in_->is_zstd() ? 0 : offset_at_start_;
  c.size = in_->file_size();
  c.follow = o_.follow;
  return c;
}

StatusReport Driver::status_report(std::string_view state) {
  StatusReport r;
  r.state = std::string(state);
  if (in_ && out_) {
    update_byte_counts();
    r.input = in_->name();
    r.follow = o_.follow;
    r.offset = in_->offset();
    if (uint64_t size = in_->file_size()) {
      uint64_t position = in_->file_position();
      r.size = size;
      r.lag = size > position ? size - position : 0;
    }
  }
  r.counters = stats_.counters_json();
  r.event_time = settings_.time.has_value() || reads_control_;
  r.watermark = watermark_.watermark();
  r.max_event_time = watermark_.max_event_time();
  r.max_delay = settings_.max_delay;
  r.idle_timeout = settings_.idle_timeout;
  r.quiet_s = static_cast<double>(Clock::instance().now_monotonic() - arrival_mono_) / kNanosPerSecond;
  StatusCollector collector(r);
  op_.report_status(collector);
  return r;
}

// The last --status document. Never throws: the run's own outcome matters more.
void Driver::finish_status(std::string_view state) {
  if (!status_) return;
  try {
    StatusReport r = status_report(state);
    uint64_t bytes = in_ ? in_->offset() - offset_at_start_ : 0;
    status_->finish(r, stats_.records_in, bytes);
  } catch (...) {
  }
  status_.reset();
}

int Driver::run() {
  try {
    return run_stream();
  } catch (const BrokenPipe&) {
    finish_status("done");  // downstream stopped reading, as `| head` does
    throw;
  } catch (const std::exception& e) {
    if (status_) {
      note_diagnostic(Severity::Error, e.what());
      finish_status("failed");
    }
    throw;
  }
}

int Driver::run_stream() {
  const Nanos started = Clock::instance().now_wall();
  if (!o_.status.empty()) {
    status_ = std::make_unique<StatusFile>(o_.status, settings_.status_interval, cli_.tool(),
                                           status_name(settings_, cli_.tool()));
  }
  const bool batch_encoding = op_.validates_batch_encoding();  // checked here, not by the reader
  // --validate: the reader checks each line whole (the tools read records
  // On-Demand, which checks only the parts read). Else loading a line as
  // JSON validates its UTF-8 (see handle()): the reader need not check that,
  // unless records are scanned instead of loaded.
  const LineCheck check = o_.validate                 ? LineCheck::JsonObject
                          : batch_encoding            ? LineCheck::Off
                          : needs_json_ && !scan_     ? LineCheck::NulOnly
                                                      : LineCheck::NulAndUtf8;
  InputOptions input{.path = is_stdio(o_.input) ? "" : o_.input,
                     .option = "--input",
                     .follow = o_.follow,
                     .max_record_size = settings_.max_record_size,
                     .check = check,
                     .read_ahead = !o_.follow && several_cpus_allowed()};
  OutputOptions output{.path = is_stdio(o_.output) ? "" : o_.output,
                       .option = "--output",
                       .line_buffered = o_.line_buffered};

  if (!o_.checkpoint.empty() && checkpoint_exists(o_.checkpoint)) {
    Checkpoint c = read_checkpoint(o_.checkpoint);
    check_compatible(c, o_.checkpoint, cli_.tool(), hash64(fingerprint_text()), op_.state_options());
    resume(c, o_.checkpoint, input, output);
  }
  if (settings_.pipeline) open_pipeline(input, output);
  in_ = std::make_unique<InputReader>(std::move(input));
  out_ = std::make_unique<OutputSink>(std::move(output));
  offset_at_start_ = in_->offset();
  empty_lines_at_start_ = in_->empty_lines();
  bytes_out_at_start_ = out_->bytes_written();
  ProgressLine progress(cli_.tool(), o_.progress);
  checkpoint_mono_ = Clock::instance().now_monotonic();
  arrival_mono_ = checkpoint_mono_;

  std::vector<InputLine> batch;
  bool ended = ended_before_commit_ && settings_.source;  // nothing left to read
  while (!ended) {
    batch.clear();
    ReadStatus status = in_->next_batch(batch, kPollMs);
    batch_mono_ = Clock::instance().now_monotonic();
    if (!op_.on_batch(batch) && batch_encoding) flag_encoding_issues(batch);
    if (!batch.empty()) arrival_mono_ = batch_mono_;
    if (reads_control_) {
      handle_with_control(batch);
    } else {
      for (const InputLine& line : batch) handle(line);
    }
    out_->release_lines();  // before the next read reuses the input buffer
    if (status == ReadStatus::End) ended = true;
    // A pipeline member downstream stops when its upstream does (which
    // ends the epoch first), not on its own.
    if (stop_requested() && !reads_control_) ended = true;
    if (status == ReadStatus::Idle || !in_->data_ready()) {
      // Nothing more is ready: hand over what we have (low latency when
      // tailing), and let time-driven work happen.
      Nanos now = Clock::instance().now_wall();
      if (!ended && watermark_.on_quiet(Clock::instance().now_monotonic())) {
        op_.on_watermark(watermark_.watermark(), *this);
        if (settings_.forward) forward_watermark();
      }
      if (!ended) op_.on_idle(now, *this);
      out_->flush();
      dead_letter_.flush();
    }
    if (!ended && checkpoint_due(Clock::instance().now_monotonic())) {
      if (settings_.pipeline) begin_barrier(barrier_ + 1);
      else take_checkpoint();
    }
    const Nanos now_mono = Clock::instance().now_monotonic();
    if (progress.due(now_mono)) progress.draw(progress_counters(), now_mono);
    if (status_ && status_->due(now_mono)) {
      StatusReport r = status_report("running");
      status_->publish(r, stats_.records_in, in_->offset() - offset_at_start_);
    }
  }
  progress.finish();
  if (settings_.pipeline) {
    end_pipeline();
  } else {
    op_.on_end(o_.checkpoint.empty() ? EndKind::Final : EndKind::Suspend, *this);
    if (!o_.checkpoint.empty()) take_checkpoint();
  }
  out_->flush();
  dead_letter_.flush();
  update_byte_counts();
  finish_status(stop_requested() ? "stopped" : "done");
  print_stats(started);
  return kExitOk;
}

}  // namespace driver_detail

namespace {

using driver_detail::Driver;

int show_checkpoint(ToolCli& cli) {
  const std::string& path = cli.common().show_checkpoint;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::cout << pipeline_dir_to_json(path);
    return kExitOk;
  }
  Checkpoint c = read_checkpoint(path);
  std::cout << checkpoint_to_json(c) << '\n';
  return kExitOk;
}

}  // namespace

int run_tool(ToolCli& cli, const std::function<std::unique_ptr<Operator>()>& make) {
  const std::string& tool = cli.tool();
  try {
    ignore_sigpipe();
    if (!cli.common().show_checkpoint.empty()) return show_checkpoint(cli);
    driver_detail::Settings settings = driver_detail::resolve(cli.common(), tool);
    std::unique_ptr<Operator> op = make();
    install_stop_handlers();
    Driver driver(cli, *op, std::move(settings));
    return driver.run();
  } catch (const BrokenPipe&) {
    return kExitOk;  // downstream stopped reading, as `| head` does
  } catch (const UsageError& e) {
    report(tool, e.what());
    std::cerr << "Run '" << tool << " --help' for usage.\n";
    return kExitUsage;
  } catch (const CheckpointError& e) {
    report(tool, e.what());
    return kExitUsage;
  } catch (const DataError& e) {
    report(tool, e.what());
    return kExitDataOrIo;
  } catch (const IoError& e) {
    report(tool, e.what());
    return kExitDataOrIo;
  }
}

}  // namespace sp
