#include "libcommon/driver.h"

#include <sys/stat.h>

#include <iostream>
#include <optional>

#include "libcommon/checkpoint.h"
#include "libcommon/clock.h"
#include "libcommon/dead_letter.h"
#include "libcommon/driver_impl.h"
#include "libcommon/errors.h"
#include "libcommon/event_time.h"
#include "libcommon/hash.h"
#include "libcommon/input.h"
#include "libcommon/line_issue.h"
#include "libcommon/output.h"
#include "libcommon/progress.h"
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
  s.max_record_size = parse_size(o.max_record_size);
  if (s.max_record_size == 0) throw UsageError("--max-record-size must be greater than 0");
  if (!o.time_field.empty()) {
    s.time.emplace(FieldPath::parse(o.time_field), TimeFormat::parse(o.time_format));
  }
  s.max_delay = parse_time_span(o.max_delay, "--max-delay");
  if (!o.idle_timeout.empty()) s.idle_timeout = parse_time_span(o.idle_timeout, "--idle-timeout");
  if (!o.checkpoint_every.empty()) {
    s.checkpoint_every = parse_count_or_duration(o.checkpoint_every);
    if (o.checkpoint.empty() && o.checkpoint_dir.empty())
      throw UsageError("--checkpoint-every needs --checkpoint FILE (or --checkpoint-dir DIR)");
  }
  if (o.follow && is_stdio(o.input)) throw UsageError("--follow needs --input FILE (stdin cannot be followed)");
  return s;
}

void Driver::reject(const Record& record, std::string_view reason) {
  ++stats_.rejected;
  dead_letter_.write(Rejection{in_->name(), record.offset, record.line, reason, record.text});
  std::string where = in_->name() + ":" + std::to_string(record.line) + " (byte " + std::to_string(record.offset) + ")";
  if (o_.strict) throw DataError(where + ": " + std::string(reason) + " (--strict)");
  if (o_.max_errors >= 0 && stats_.rejected > static_cast<uint64_t>(o_.max_errors)) {
    throw DataError(where + ": " + std::string(reason) + "; stopping: " + std::to_string(stats_.rejected) +
                    " records rejected, more than --max-errors " + std::to_string(o_.max_errors));
  }
  if (stats_.rejected <= kRejectionsReported) {
    report(cli_.tool(), where + ": rejected: " + std::string(reason));
    if (stats_.rejected == kRejectionsReported) {
      report(cli_.tool(), "further rejected records are counted, not shown (see --stats, --dead-letter)");
    }
  }
}

void Driver::handle(const InputLine& line) {
  ++stats_.records_in;
  Record record{line.text, line.offset, line.line, kNoTime};
  if (line.issue != LineIssue::None) {
    reject(record, describe_issue(line.issue));
    return;
  }
  if (needs_json_) {
    if (auto error = json_.load(line.text)) {
      reject(record, std::string("invalid JSON: ") + simdjson::error_message(error));
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
  write_checkpoint(o_.checkpoint, c);
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

int Driver::run() {
  const Nanos started = Clock::instance().now_wall();
  InputOptions input{.path = is_stdio(o_.input) ? "" : o_.input,
                     .follow = o_.follow,
                     .max_record_size = settings_.max_record_size};
  OutputOptions output{.path = is_stdio(o_.output) ? "" : o_.output, .line_buffered = o_.line_buffered};

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
  ProgressLine progress(cli_.tool(), o_.progress, in_->identity().size);
  checkpoint_mono_ = Clock::instance().now_monotonic();

  std::vector<InputLine> batch;
  bool ended = ended_before_commit_ && settings_.source;  // nothing left to read
  while (!ended) {
    batch.clear();
    ReadStatus status = in_->next_batch(batch, kPollMs);
    batch_mono_ = Clock::instance().now_monotonic();
    op_.on_batch(batch);
    if (reads_control_) {
      handle_with_control(batch);
    } else {
      for (const InputLine& line : batch) handle(line);
    }
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
    progress.update(stats_.records_in, in_->bytes_read(), Clock::instance().now_monotonic());
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
