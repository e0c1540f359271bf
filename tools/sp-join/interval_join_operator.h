// Stream-stream interval join: the input (left) and --right (a file or a
// FIFO, polled) are matched on key when t_right - t_left is in [low, high].
// Both sides are buffered in arrival order with a key index; an entry is
// evicted once the other side's watermark (its largest event time minus
// --max-delay) guarantees that no match can still come, and, unmatched, it
// is emitted then under --how left/right/outer. Memory is bounded by the
// window plus the disorder, not by the stream length.
//
// Order: right records are read and processed as soon as their event time is
// below the latest left record's (a merge by event time, left first on
// ties), so with two files the output is the same on every run.
#pragma once
#include <absl/container/flat_hash_map.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "libcommon/event_time.h"
#include "libcommon/input.h"
#include "libcommon/operator.h"
#include "tools/sp-join/join_key.h"
#include "tools/sp-join/join_options.h"

namespace sp {

class IntervalJoinOperator : public Operator {
 public:
  explicit IntervalJoinOperator(JoinConfig config);

  void on_record(const Record& record, Context& ctx) override;
  void on_watermark(Nanos watermark, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  std::string state_options() const override { return "sp-join interval"; }

 private:
  struct Entry {
    Nanos time;
    uint64_t seq;
    uint64_t hash;
    std::string key;
    std::string text;
    bool matched = false;
    bool evicted = false;
  };
  struct Side {
    std::deque<Entry> entries;  // arrival order; entries.front().seq == base
    uint64_t base = 0;
    uint64_t next_seq = 0;
    absl::flat_hash_map<uint64_t, std::vector<uint64_t>> index;  // key hash -> seqs
    Entry& at(uint64_t seq) { return entries[seq - base]; }
  };

  void register_counters(Context& ctx);
  // Reads right records: those before `until` (kNoTime: all available), waiting when `wait`.
  void pump_right(Nanos until, bool wait, Context& ctx);
  void process_right(const InputLine& line, Context& ctx);
  void add_and_match(bool left, Nanos t, std::string_view text, Context& ctx);
  void emit_pair(std::string_view left, std::string_view right, Context& ctx);
  void evict(Context& ctx, bool all);
  void evict_side(Side& side, bool left, Nanos bound, bool all, Context& ctx);

  JoinConfig config_;
  JoinKey left_key_;
  JoinKey right_key_;
  std::unique_ptr<InputReader> right_in_;
  std::vector<InputLine> right_lines_;
  size_t right_pos_ = 0;
  bool right_ended_ = false;
  JsonRecord right_json_;
  EventTimeExtractor right_time_;
  Nanos right_max_ = kNoTime;
  Nanos left_max_ = kNoTime;
  Nanos left_wm_ = kNoTime;
  Side left_;
  Side right_;
  std::string key_buf_;
  std::string problem_;
  std::string out_;
  uint64_t* right_in_count_ = nullptr;
  uint64_t* right_rejected_ = nullptr;
  uint64_t* matched_ = nullptr;
  uint64_t* unmatched_left_ = nullptr;
  uint64_t* unmatched_right_ = nullptr;
  uint64_t* missing_key_ = nullptr;
  uint64_t* late_ = nullptr;
};

}  // namespace sp
