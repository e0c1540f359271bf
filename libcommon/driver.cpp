#include "libcommon/driver.h"

#include <sys/stat.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "libcommon/checkpoint.h"
#include "libcommon/clock.h"
#include "libcommon/dead_letter.h"
#include "libcommon/errors.h"
#include "libcommon/event_time.h"
#include "libcommon/hash.h"
#include "libcommon/input.h"
#include "libcommon/output.h"
#include "libcommon/pipeline_dir.h"
#include "libcommon/progress.h"
#include "libcommon/signals.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

// How many rejected records are described on stderr before the rest are
// only counted (the dead-letter sink and --stats still see all of them).
constexpr uint64_t kRejectionsReported = 10;
// Longest wait for input before the driver looks at the clock, signals and
// idle timers again.
constexpr int kPollMs = 200;

const char* describe(LineIssue issue) {
  switch (issue) {
    case LineIssue::TooLong: return "record longer than --max-record-size";
    case LineIssue::NulByte: return "record contains a NUL byte";
    case LineIssue::InvalidUtf8: return "record is not valid UTF-8";
    case LineIssue::None: break;
  }
  return "bad record";
}

bool is_stdio(const std::string& path) { return path.empty() || path == "-"; }

// The options of CommonOptions turned into values, with usage errors
// reported before any input is read.
struct Settings {
  uint64_t max_record_size = 0;
  std::optional<EventTimeExtractor> time;
  Nanos max_delay = 0;
  Nanos idle_timeout = 0;
  std::optional<CountOrDuration> checkpoint_every;
  // Pipeline mode (--checkpoint-dir): this member's role.
  bool pipeline = false;
  bool source = false;   // reads --input FILE: starts the epochs, seeks on restart
  bool forward = false;  // --pipeline: stdout feeds the next member
  std::string name;      // its file names in the checkpoint directory
};

// The member name: --name or the tool's, plus ".N" for the children of
// sp-partition --exec (they share one command line).
std::string member_name(const CommonOptions& o, const std::string& tool) {
  std::string name = o.name.empty() ? tool : o.name;
  if (const char* partition = std::getenv("SP_PARTITION"); partition && *partition) name += std::string(".") + partition;
  check_member_name(name);
  return name;
}

void resolve_pipeline(const CommonOptions& o, const std::string& tool, Settings& s) {
  if (o.checkpoint_dir.empty()) {
    if (o.pipeline) throw UsageError("--pipeline needs --checkpoint-dir DIR (shared by every member of the pipeline)");
    if (!o.name.empty()) throw UsageError("--name needs --checkpoint-dir DIR");
    return;
  }
  if (!o.checkpoint.empty())
    throw UsageError("--checkpoint FILE and --checkpoint-dir DIR exclude each other: one tool alone, or a pipeline member");
  s.pipeline = true;
  s.source = !is_stdio(o.input);
  s.forward = o.pipeline;
  s.name = member_name(o, tool);
  if (s.forward && !is_stdio(o.output))
    throw UsageError("--pipeline sends records on stdout to the next member; the member writing --output FILE is the "
                     "pipeline's last, without --pipeline");
  if (!s.source && !o.checkpoint_every.empty())
    throw UsageError("--checkpoint-every belongs to the pipeline's first member (the one reading --input FILE): it "
                     "starts the epochs, the others follow its barriers");
  if (!s.source && !o.idle_timeout.empty())
    throw UsageError("--idle-timeout belongs to the pipeline's first member (the one reading --input FILE): the "
                     "others follow its watermark");
}

Settings resolve(const CommonOptions& o, const std::string& tool) {
  Settings s;
  resolve_pipeline(o, tool, s);
  s.max_record_size = parse_size(o.max_record_size);
  if (s.max_record_size == 0) throw UsageError("--max-record-size must be greater than 0");
  if (!o.time_field.empty()) {
    s.time.emplace(FieldPath::parse(o.time_field), TimeFormat::parse(o.time_format));
  }
  s.max_delay = parse_duration(o.max_delay);
  if (!o.idle_timeout.empty()) s.idle_timeout = parse_duration(o.idle_timeout);
  if (!o.checkpoint_every.empty()) {
    s.checkpoint_every = parse_count_or_duration(o.checkpoint_every);
    if (o.checkpoint.empty() && o.checkpoint_dir.empty())
      throw UsageError("--checkpoint-every needs --checkpoint FILE (or --checkpoint-dir DIR)");
  }
  if (o.follow && is_stdio(o.input)) throw UsageError("--follow needs --input FILE (stdin cannot be followed)");
  return s;
}

class Driver final : public Context {
 public:
  Driver(ToolCli& cli, Operator& op, Settings settings)
      : cli_(cli), o_(cli.common()), op_(op), settings_(std::move(settings)),
        watermark_(settings_.max_delay, settings_.idle_timeout),
        dead_letter_(o_.dead_letter) {
    needs_json_ = op_.wants_json() || settings_.time.has_value();
  }

  int run();

  // Context
  void emit(std::string_view json) override {
    out_->write_line(json);
    ++stats_.records_out;
  }
  void reject(const Record& record, std::string_view reason) override;
  Stats& stats() override { return stats_; }
  JsonRecord& json() override { return json_; }
  Nanos watermark() const override { return watermark_.watermark(); }
  Nanos now() const override { return Clock::instance().now_wall(); }
  void barrier_passed(uint64_t epoch) override;

 private:
  void resume(const Checkpoint& checkpoint, const std::string& from, InputOptions& input, OutputOptions& output);
  void handle(const InputLine& line);
  Checkpoint make_checkpoint();
  void take_checkpoint();
  // Pipeline mode (--checkpoint-dir).
  void open_pipeline(InputOptions& input, OutputOptions& output);
  void handle_with_control(const std::vector<InputLine>& batch);
  void on_control_line(const InputLine& line);
  void begin_barrier(uint64_t epoch);
  void commit(uint64_t epoch);
  void forward_watermark();
  void end_pipeline();
  bool checkpoint_due(Nanos now_mono) const;
  void update_byte_counts();
  void print_stats(Nanos started);
  std::string fingerprint_text() const { return cli_.tool() + '\n' + op_.state_options(); }

  ToolCli& cli_;
  const CommonOptions& o_;
  Operator& op_;
  Settings settings_;
  Stats stats_;
  JsonRecord json_;
  WatermarkTracker watermark_;
  DeadLetterSink dead_letter_;
  std::unique_ptr<InputReader> in_;
  std::unique_ptr<OutputSink> out_;
  bool needs_json_ = false;
  std::string reason_;
  uint64_t epoch_ = 0;
  uint64_t records_at_checkpoint_ = 0;
  Nanos checkpoint_mono_ = 0;
  Nanos batch_mono_ = 0;  // processing time at which the current batch arrived
  uint64_t offset_at_start_ = 0;
  uint64_t empty_lines_at_start_ = 0;
  uint64_t bytes_out_at_start_ = 0;
  // Pipeline mode.
  std::unique_ptr<PipelineDir> pipeline_dir_;
  bool reads_control_ = false;  // stdin comes from another member
  bool end_seen_ = false;       // its end marker arrived
  uint64_t barrier_ = 0;        // the last barrier started or received
  Nanos forwarded_watermark_ = kNoTime;
};

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
    reject(record, describe(line.issue));
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
    struct stat st {};
    if (stat(o_.input.c_str(), &st) != 0) throw IoError(o_.input + ": cannot read input: " + strerror(errno));
    bool same_file = c.input.dev == static_cast<uint64_t>(st.st_dev) && c.input.ino == static_cast<uint64_t>(st.st_ino);
    if (!same_file) {
      // A copy of the same data (e.g. restored from backup) is still accepted
      // when its first bytes hash the same.
      InputReader probe(InputOptions{.path = o_.input});
      auto id = probe.identity();
      if (id.head_hash != c.input.head_hash || id.head_len < c.input.head_len) {
        throw CheckpointError(from + ": taken on another input file (" + c.input_name +
                              "); use a new checkpoint file, or remove this one to start over");
      }
    }
    if (static_cast<uint64_t>(st.st_size) < c.input_offset && !o_.follow) {
      throw CheckpointError(from + ": input " + o_.input + " is shorter (" + std::to_string(st.st_size) +
                            " bytes) than the checkpoint's offset " + std::to_string(c.input_offset) +
                            "; was it truncated? Remove the checkpoint to start over");
    }
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

// Pipeline mode: restores this member to the last committed epoch (if any)
// and removes its snapshots of other epochs.
void Driver::open_pipeline(InputOptions& input, OutputOptions& output) {
  pipeline_dir_ = std::make_unique<PipelineDir>(o_.checkpoint_dir, settings_.name);
  reads_control_ = !settings_.source;
  std::optional<PipelineCommit> commit = pipeline_dir_->read_commit();
  if (commit) {
    const bool sink = !settings_.forward;
    if (sink && commit->sink != settings_.name)
      throw CheckpointError(pipeline_dir_->commit_path() + ": epoch " + std::to_string(commit->epoch) +
                            " was committed by the pipeline's last member '" + commit->sink + "', but '" +
                            settings_.name + "' is last now (no --pipeline): give --pipeline to every member but "
                            "the last, or use a new --checkpoint-dir");
    std::string path = pipeline_dir_->snapshot_path(commit->epoch);
    Checkpoint c = pipeline_dir_->read_snapshot(commit->epoch);
    check_compatible(c, path, cli_.tool(), hash64(fingerprint_text()), op_.state_options());
    c.has_output_length = sink && commit->has_output_length;
    c.output_length = commit->output_length;
    resume(c, path, input, output);
    barrier_ = commit->epoch;
  }
  pipeline_dir_->remove_snapshots_except(barrier_);
}

void Driver::handle_with_control(const std::vector<InputLine>& batch) {
  for (const InputLine& line : batch) {
    if (is_control_line(line.text) && line.issue == LineIssue::None) on_control_line(line);
    else handle(line);
  }
}

void Driver::on_control_line(const InputLine& line) {
  ControlLine c;
  if (!parse_control_line(line.text, c)) {
    handle(line);  // rejected as the invalid record it is
    return;
  }
  switch (c.kind) {
    case ControlLine::Kind::Barrier:
      if (c.epoch != barrier_ + 1)
        throw CheckpointError(in_->name() + ":" + std::to_string(line.line) + " (byte " + std::to_string(line.offset) +
                              "): barrier of epoch " + std::to_string(c.epoch) + " after epoch " +
                              std::to_string(barrier_) + ": the members were restored to different epochs (do "
                              "they all share --checkpoint-dir " + o_.checkpoint_dir + "?)");
      begin_barrier(c.epoch);
      break;
    case ControlLine::Kind::Watermark:
      if (watermark_.advance_to(c.watermark)) op_.on_watermark(watermark_.watermark(), *this);
      op_.on_control(c, *this);
      if (settings_.forward) forward_watermark();
      break;
    case ControlLine::Kind::End:
      end_seen_ = true;
      op_.on_control(c, *this);
      break;
  }
}

// Snapshots this member for `epoch`, then lets the operator pass the barrier
// on (or hold it until its own downstream processes passed it).
void Driver::begin_barrier(uint64_t epoch) {
  barrier_ = epoch;
  Checkpoint c = make_checkpoint();
  c.epoch = epoch;
  pipeline_dir_->write_snapshot(epoch, c);
  if (settings_.forward) {
    // Epochs older than the last committed one are never restored again.
    if (auto commit = pipeline_dir_->read_commit()) pipeline_dir_->remove_snapshots_before(commit->epoch);
  }
  if (op_.on_control(ControlLine{.kind = ControlLine::Kind::Barrier, .epoch = epoch}, *this)) barrier_passed(epoch);
  records_at_checkpoint_ = stats_.records_in;
  checkpoint_mono_ = Clock::instance().now_monotonic();
}

void Driver::barrier_passed(uint64_t epoch) {
  if (!settings_.forward) {
    commit(epoch);
    return;
  }
  forward_watermark();
  out_->write_line(format_control_line(ControlLine{.kind = ControlLine::Kind::Barrier, .epoch = epoch}));
}

// The last member: everything before the barrier is durable in the output
// (a file is fsynced; stdout only flushed: at-least-once), then the epoch
// is committed.
void Driver::commit(uint64_t epoch) {
  if (out_->is_file()) out_->sync();
  else out_->flush();
  dead_letter_.sync();
  pipeline_dir_->write_commit(PipelineCommit{.epoch = epoch,
                                             .sink = settings_.name,
                                             .has_output_length = out_->is_file(),
                                             .output_length = out_->is_file() ? out_->bytes_written() : 0});
  pipeline_dir_->remove_snapshots_before(epoch);
}

void Driver::forward_watermark() {
  Nanos w = watermark_.watermark();
  if (w == kNoTime || w == forwarded_watermark_) return;
  forwarded_watermark_ = w;
  out_->write_line(format_control_line(ControlLine{.kind = ControlLine::Kind::Watermark, .watermark = w}));
}

// End of input in pipeline mode. The first member ends the last epoch with a
// barrier; a member whose upstream stopped without the end marker (it
// crashed or was killed) fails instead of ending its own output normally.
void Driver::end_pipeline() {
  if (settings_.source) {
    begin_barrier(barrier_ + 1);
    end_seen_ = true;
    op_.on_control(ControlLine{.kind = ControlLine::Kind::End}, *this);
  }
  if (!end_seen_)
    throw IoError(in_->name() + ": ended without the pipeline's end marker, so an upstream member stopped early (or "
                  "this member's input is not an sp pipeline member: the first member reads --input FILE); " +
                  (barrier_ == 0 ? std::string("no epoch is committed")
                                 : "output after epoch " + std::to_string(barrier_) + " is not committed") +
                  ". Run the pipeline again to resume");
  op_.on_end(EndKind::Suspend, *this);
  if (settings_.forward) out_->write_line(format_control_line(ControlLine{.kind = ControlLine::Kind::End}));
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
  bool ended = false;
  while (!ended) {
    batch.clear();
    ReadStatus status = in_->next_batch(batch, kPollMs);
    batch_mono_ = Clock::instance().now_monotonic();
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
    Settings settings = resolve(cli.common(), tool);
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
