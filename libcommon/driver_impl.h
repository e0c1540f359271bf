// The driver's internals, shared by driver.cpp (one tool's run) and
// driver_pipeline.cpp (the same run as a member of a checkpointed pipeline).
// Not part of libcommon's interface: tools include driver.h.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/checkpoint.h"
#include "libcommon/cli.h"
#include "libcommon/dead_letter.h"
#include "libcommon/event_time.h"
#include "libcommon/input.h"
#include "libcommon/operator.h"
#include "libcommon/output.h"
#include "libcommon/pipeline_dir.h"
#include "libcommon/progress.h"
#include "libcommon/stats.h"
#include "libcommon/status.h"
#include "libcommon/units.h"

namespace sp::driver_detail {

inline bool is_stdio(const std::string& path) { return path.empty() || path == "-"; }

// The options of CommonOptions turned into values, with usage errors
// reported before any input is read.
struct Settings {
  uint64_t max_record_size = 0;
  std::optional<EventTimeExtractor> time;
  Nanos max_delay = 0;
  Nanos idle_timeout = 0;
  std::optional<CountOrDuration> checkpoint_every;
  Nanos status_interval = 0;  // --status-interval
  // Pipeline mode (--checkpoint-dir): this member's role.
  bool pipeline = false;
  bool source = false;   // reads --input FILE: starts the epochs, seeks on restart
  bool forward = false;  // --pipeline: stdout feeds the next member
  std::string name;      // its file names in the checkpoint directory
};

// Checks the pipeline options (--checkpoint-dir, --name, --pipeline) and
// fills in the member's role. Throws UsageError.
void resolve_pipeline(const CommonOptions& o, const std::string& tool, Settings& s);

// Runs one Operator over the input; see driver.h.
class Driver final : public Context {
 public:
  Driver(ToolCli& cli, Operator& op, Settings settings)
      : cli_(cli), o_(cli.common()), op_(op), settings_(std::move(settings)),
        watermark_(settings_.max_delay, settings_.idle_timeout),
        dead_letter_(o_.dead_letter) {
    needs_json_ = op_.wants_json() || settings_.time.has_value();
    prepare_scan();
  }

  // Runs the tool; on an error, the --status file says "failed" before
  // the exception goes on to run_tool.
  int run();

  // Context
  void emit(std::string_view json) override {
    out_->write_line(json);
    ++stats_.records_out;
  }
  void emit_input(const Record& record) override {
    // The input buffer holds the line's '\n' right after it (not for a CRLF
    // line, nor for a last line without one): those are copied instead.
    if (record.text.data()[record.text.size()] == '\n') out_->write_input_line(record.text);
    else out_->write_line(record.text);
    ++stats_.records_out;
  }
  void emit_lines(std::string_view lines, uint64_t count) override {
    out_->write(lines);
    stats_.records_out += count;
  }
  void reject(const Record& record, std::string_view reason) override;
  std::string locate(const Record& record) const override;
  Stats& stats() override { return stats_; }
  JsonRecord& json() override { return json_; }
  Nanos watermark() const override { return watermark_.watermark(); }
  Nanos now() const override { return Clock::instance().now_wall(); }
  void barrier_passed(uint64_t epoch) override;
  void start_barrier(uint64_t epoch) override;

 private:
  void resume(const Checkpoint& checkpoint, const std::string& from, InputOptions& input, OutputOptions& output);
  void handle(const InputLine& line);
  // Reads the operator's scanned members and the time field without a
  // parse; false when the record must be parsed.
  bool scan(Record& record);
  void prepare_scan();
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
  int run_stream();
  bool checkpoint_due(Nanos now_mono) const;
  // --progress and --status.
  ProgressCounters progress_counters() const;
  StatusReport status_report(std::string_view state);
  void finish_status(std::string_view state);
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
  // The record scan (Operator::scanned_members), when the operator has one
  // and every name, the time field's included, is one the scan can find.
  std::optional<PlainMembersScan> scan_;
  std::vector<ScannedMember> scanned_;
  size_t time_member_ = 0;  // the time field's place among scanned_
  std::string reason_;
  uint64_t epoch_ = 0;
  uint64_t records_at_checkpoint_ = 0;
  Nanos checkpoint_mono_ = 0;
  Nanos batch_mono_ = 0;  // processing time at which the current batch arrived
  Nanos arrival_mono_ = 0;  // processing time at which the last record arrived
  std::unique_ptr<StatusFile> status_;
  uint64_t offset_at_start_ = 0;
  uint64_t empty_lines_at_start_ = 0;
  uint64_t bytes_out_at_start_ = 0;
  // Pipeline mode.
  std::unique_ptr<PipelineDir> pipeline_dir_;
  bool reads_control_ = false;  // stdin comes from another member
  bool end_seen_ = false;       // its end marker arrived
  bool ended_before_commit_ = false;  // its input ended before the committed epoch
  uint64_t barrier_ = 0;        // the last barrier started or received
  Nanos forwarded_watermark_ = kNoTime;
};


}  // namespace sp::driver_detail
