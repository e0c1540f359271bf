// The driver as a member of a checkpointed pipeline (--checkpoint-dir): the
// member's role, barriers and snapshots per epoch, the sink's commit,
// watermarks and the end marker (see control_line.h and pipeline_dir.h).
#include <cstdlib>

#include "libcommon/clock.h"
#include "libcommon/control_line.h"
#include "libcommon/driver_impl.h"
#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/line_issue.h"

namespace sp::driver_detail {

namespace {

// The member name: --name or the tool's, plus ".N" for the children of
// sp-partition --exec (they share one command line).
std::string member_name(const CommonOptions& o, const std::string& tool) {
  std::string name = o.name.empty() ? tool : o.name;
  if (const char* partition = std::getenv("SP_PARTITION"); partition && *partition) name += std::string(".") + partition;
  check_member_name(name);
  return name;
}

}  // namespace

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

// Pipeline mode: restores this member to the last committed epoch (if any)
// and removes its snapshots of other epochs.
void Driver::open_pipeline(InputOptions& input, OutputOptions& output) {
  pipeline_dir_ = std::make_unique<PipelineDir>(o_.checkpoint_dir, settings_.name);
  reads_control_ = !settings_.source;
  input.control_lines = reads_control_;
  std::optional<PipelineCommit> commit = pipeline_dir_->read_commit();
  if (commit) {
    const bool sink = !settings_.forward;
    if (sink && commit->sink != settings_.name)
      throw CheckpointError(pipeline_dir_->commit_path() + ": epoch " + std::to_string(commit->epoch) +
                            " was committed by the pipeline's last member '" + commit->sink + "', but '" +
                            settings_.name + "' is last now (no --pipeline): give --pipeline to every member but "
                            "the last, or use a new --checkpoint-dir");
    uint64_t epoch = commit->epoch;
    // A member whose input ended before the committed epoch (one of the two
    // sources of sp-join --right) takes part in no later epoch: it resumes
    // at its end, and only passes the end marker on.
    if (!sink && !pipeline_dir_->has_snapshot(epoch)) {
      if (auto end = pipeline_dir_->read_end(); end && *end < epoch && pipeline_dir_->has_snapshot(*end)) {
        epoch = *end;
        ended_before_commit_ = true;
      }
    }
    std::string path = pipeline_dir_->snapshot_path(epoch);
    Checkpoint c = pipeline_dir_->read_snapshot(epoch);
    check_compatible(c, path, cli_.tool(), hash64(fingerprint_text()), op_.state_options());
    c.has_output_length = sink && commit->has_output_length;
    c.output_length = commit->output_length;
    resume(c, path, input, output);
    barrier_ = epoch;
  }
  if (!ended_before_commit_) pipeline_dir_->remove_end();
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
        throw CheckpointError(input_position(in_->name(), line.line, line.offset) + ": barrier of epoch " +
                              std::to_string(c.epoch) + " after epoch " + std::to_string(barrier_) +
                              ": the members were restored to different epochs (do they all share "
                              "--checkpoint-dir " + o_.checkpoint_dir + "?)");
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
  op_.align_barrier(epoch, *this);
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

void Driver::start_barrier(uint64_t epoch) {
  if (epoch != barrier_ + 1)
    throw CheckpointError("barrier of epoch " + std::to_string(epoch) + " on the second input after epoch " +
                          std::to_string(barrier_) + ": the members were restored to different epochs (do they all "
                          "share --checkpoint-dir " + o_.checkpoint_dir + "?)");
  begin_barrier(epoch);
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
  // A pipeline has one last member. Two (a forgotten --pipeline) would
  // overwrite each other's commits: stop at the first sign of it.
  if (auto previous = pipeline_dir_->read_commit(); previous && previous->sink != settings_.name)
    throw CheckpointError(pipeline_dir_->commit_path() + " was committed by '" + previous->sink + "' while '" +
                          settings_.name + "' commits too: only the last member goes without --pipeline");
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
  Nanos w = op_.output_watermark(watermark_.watermark());
  if (w == kNoTime || w == forwarded_watermark_) return;
  forwarded_watermark_ = w;
  out_->write_line(format_control_line(ControlLine{.kind = ControlLine::Kind::Watermark, .watermark = w}));
}

// End of input in pipeline mode. The first member ends the last epoch with a
// barrier; a member whose upstream stopped without the end marker (it
// crashed or was killed) fails instead of ending its own output normally.
void Driver::end_pipeline() {
  if (settings_.source && ended_before_commit_) {
    if (settings_.forward) out_->write_line(format_control_line(ControlLine{.kind = ControlLine::Kind::End}));
    return;
  }
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
  if (settings_.forward) {
    if (barrier_ > 0) pipeline_dir_->write_end(barrier_);
    out_->write_line(format_control_line(ControlLine{.kind = ControlLine::Kind::End}));
  }
}

}  // namespace sp::driver_detail
