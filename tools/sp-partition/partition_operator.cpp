#include "tools/sp-partition/partition_operator.h"

#include <algorithm>
#include <charconv>

#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/json_writer.h"
#include "libcommon/state_codec.h"

namespace sp {

uint32_t partition_of(std::string_view key, uint32_t partitions, HashKind hash) {
  if (hash == HashKind::Murmur2) return kafka_partition(key, partitions);
  return static_cast<uint32_t>(hash64(key) % partitions);
}

PartitionOperator::PartitionOperator(PartitionConfig config)
    : config_(std::move(config)), key_(config_.key_fields) {
  if (config_.sink == Sink::Files) {
    files_ = std::make_unique<FileTable>(config_.output_template,
                                         config_.assign == Assign::Value ? 0 : config_.partitions,
                                         config_.max_open_files, config_.max_values);
  } else if (config_.sink == Sink::Annotate) {
    annotate_prefix_ = ",";
    append_json_string(annotate_prefix_, config_.annotate_field);
    annotate_prefix_.push_back(':');
  }
}

PartitionOperator::~PartitionOperator() = default;

void PartitionOperator::register_counters(Context& ctx) {
  if (!partition_counters_.empty() || values_counter_ != nullptr) return;
  if (config_.assign == Assign::Value) {
    values_counter_ = &ctx.stats().counter("values");
    return;
  }
  for (uint32_t p = 0; p < config_.partitions; ++p) {
    partition_counters_.push_back(&ctx.stats().counter("partition_" + std::to_string(p)));
  }
}

void PartitionOperator::annotate(const Record& record, uint32_t partition, Context& ctx) {
  // The record is an object (it parsed): add the member before its closing brace.
  std::string_view text = record.text;
  size_t close = text.find_last_of('}');
  size_t open = text.find_first_of('{');
  bool empty = text.find_first_not_of(" \t\r\n", open + 1) == close;
  line_.assign(text.substr(0, close));
  if (empty) line_.append(annotate_prefix_, 1);
  else line_.append(annotate_prefix_);
  char digits[16];
  auto r = std::to_chars(digits, digits + sizeof digits, partition);
  line_.append(digits, r.ptr);
  line_.append(text.substr(close));
  ctx.emit(line_);
}

void PartitionOperator::on_record(const Record& record, Context& ctx) {
  if (partition_counters_.empty() && values_counter_ == nullptr) register_counters(ctx);
  uint32_t partition = 0;
  if (config_.assign == Assign::RoundRobin) {
    partition = static_cast<uint32_t>(next_round_robin_++ % config_.partitions);
  } else {
    std::string_view key;
    bool found = key_.reads_text() ? key_.extract(record.text, key, reason_) : key_.extract(ctx.json(), key, reason_);
    if (!found) {
      ctx.reject(record, reason_);
      return;
    }
    if (config_.assign == Assign::Value) {
      size_t before = files_->size();
      uint32_t entry = files_->entry_for_value(key);
      if (files_->size() != before) ++*values_counter_;
      files_->write(entry, record.text);
      ++ctx.stats().records_out;
      return;
    }
    partition = partition_of(key, config_.partitions, config_.hash);
  }
  ++*partition_counters_[partition];
  switch (config_.sink) {
    case Sink::Files:
      files_->write(partition, record.text);
      ++ctx.stats().records_out;
      break;
    case Sink::Annotate:
      annotate(record, partition, ctx);
      break;
    case Sink::Exec:
      start_children(ctx);
      children_->write_line(partition, record.text, child_sink_);
      break;
  }
}

void PartitionOperator::start_children(Context& ctx) {
  if (children_) return;
  children_ = std::make_unique<ChildPipes>(config_.command, config_.partitions);
  // The driver is the context of every call, for the whole run.
  child_sink_ = [this, &ctx](uint32_t partition, std::string_view lines, size_t count) {
    merge_child_lines(partition, lines, count, ctx);
  };
}

void PartitionOperator::merge_child_lines(uint32_t partition, std::string_view lines, size_t count, Context& ctx) {
  if (!aligner_) {
    ctx.emit_lines(lines, count);  // whole lines only, so no child's line is torn
    return;
  }
  while (!lines.empty()) {
    size_t nl = lines.find('\n');
    aligner_->push(
        partition, lines.substr(0, nl), [&](std::string_view data) { ctx.emit(data); },
        [&](uint64_t epoch) { ctx.barrier_passed(epoch); });
    if (nl == std::string_view::npos) break;  // a last text without its '\n', as in Context::emit_lines
    lines.remove_prefix(nl + 1);
  }
}

// Pipeline mode: the children are members too. Control lines go to every
// child; a barrier is passed on once all children have passed it.
bool PartitionOperator::on_control(const ControlLine& control, Context& ctx) {
  if (config_.sink != Sink::Exec) return true;  // files are committed by snapshot()
  start_children(ctx);
  if (!aligner_) aligner_ = std::make_unique<BarrierAligner>(config_.partitions);
  children_->write_line_to_all(format_control_line(control), child_sink_);
  return control.kind != ControlLine::Kind::Barrier;
}

void PartitionOperator::on_idle(Nanos, Context& ctx) {
  if (children_) children_->pump_now(child_sink_);
  if (files_) files_->flush_open();
}

void PartitionOperator::report_skew(Context& ctx) {
  uint64_t total = 0, largest = 0, count = 0;
  if (config_.assign == Assign::Value) {
    for (uint32_t i = 0; i < files_->size(); ++i) {
      uint64_t r = files_->records(i);
      if (r == 0) continue;
      total += r;
      largest = std::max(largest, r);
      ++count;
    }
  } else {
    for (uint64_t* c : partition_counters_) {
      total += *c;
      largest = std::max(largest, *c);
    }
    count = partition_counters_.size();
  }
  // max/mean in percent: 100 is perfectly even; 200 means the largest
  // partition holds twice the mean.
  ctx.stats().counter("skew_percent") = total == 0 ? 0 : (largest * count * 100 + total / 2) / total;
}

void PartitionOperator::on_end(EndKind, Context& ctx) {
  register_counters(ctx);
  if (config_.sink == Sink::Exec) start_children(ctx);
  if (children_) children_->finish(child_sink_);
  if (files_) files_->finish();
  report_skew(ctx);
}

void PartitionOperator::snapshot(StateWriter& out) const {
  out.u64(next_round_robin_);
  out.boolean(files_ != nullptr);
  if (files_) files_->snapshot(out);
}

void PartitionOperator::restore(StateReader& in) {
  next_round_robin_ = in.u64();
  bool has_files = in.boolean();
  if (has_files != (files_ != nullptr)) throw CheckpointError("checkpoint was taken with another output mode");
  if (files_) files_->restore(in);
  in.expect_end();
}

void PartitionOperator::report_status(StatusSink& sink) const {
  if (files_) sink.gauge("output_files", files_->size());
}

std::string PartitionOperator::state_options() const {
  std::string s;
  switch (config_.assign) {
    case Assign::Key: s = "key=" ; for (auto& f : config_.key_fields) s += f.text() + ","; break;
    case Assign::RoundRobin: s = "round-robin"; break;
    case Assign::Value: s = "by-value=" + config_.key_fields[0].text(); break;
  }
  s += " partitions=" + std::to_string(config_.partitions);
  s += config_.hash == HashKind::Murmur2 ? " hash=murmur2" : " hash=xxh3";
  if (config_.sink == Sink::Files) s += " output-template=" + config_.output_template;
  if (config_.sink == Sink::Annotate) s += " annotate=" + config_.annotate_field;
  if (config_.sink == Sink::Exec) s += " exec";
  return s;
}

}  // namespace sp
