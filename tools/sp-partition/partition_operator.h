// The sp-partition operator: picks a partition per record (key hash, round
// robin or value) and hands the record, unchanged, to that partition's file,
// child process, or to stdout with the partition number added.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/barrier_aligner.h"
#include "libcommon/operator.h"
#include "tools/sp-partition/child_pipes.h"
#include "tools/sp-partition/file_table.h"
#include "tools/sp-partition/partition_key.h"
#include "tools/sp-partition/partition_options.h"

namespace sp {

// The partition of key bytes under --hash.
uint32_t partition_of(std::string_view key, uint32_t partitions, HashKind hash);

class PartitionOperator final : public Operator {
 public:
  explicit PartitionOperator(PartitionConfig config);
  ~PartitionOperator() override;

  void on_record(const Record& record, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  bool on_control(const ControlLine& control, Context& ctx) override;
  void snapshot(StateWriter& out) const override;
  void restore(StateReader& in) override;
  std::string state_options() const override;
  bool wants_json() const override { return config_.assign != Assign::RoundRobin && !key_.reads_text(); }
  void report_status(StatusSink& sink) const override;

 private:
  void register_counters(Context& ctx);
  void annotate(const Record& record, uint32_t partition, Context& ctx);
  void report_skew(Context& ctx);
  void start_children(Context& ctx);
  // Where the children's output lines go: out, or through the barrier
  // aligner in pipeline mode.
  void merge_child_lines(uint32_t partition, std::string_view lines, size_t count, Context& ctx);

  PartitionConfig config_;
  PartitionKey key_;
  std::unique_ptr<FileTable> files_;  // mutable through the pointer: snapshot commits files
  std::unique_ptr<ChildPipes> children_;
  ChildPipes::LineSink child_sink_;  // made once with the children (not per record)
  std::unique_ptr<BarrierAligner> aligner_;  // pipeline mode with --exec
  std::vector<uint64_t*> partition_counters_;
  uint64_t* values_counter_ = nullptr;
  uint64_t next_round_robin_ = 0;
  std::string annotate_prefix_;  // ,"FIELD":
  std::string line_;
  std::string reason_;
};

}  // namespace sp
