// Stream-stream interval join: the input (left) and --right (a file or a
// FIFO) are matched on key when t_right - t_left is in [low, high].
// Both sides are held in arrival order with a key index; an entry is
// evicted once the other side's watermark (its largest event time minus
// --max-delay) guarantees that no match can still come, and, unmatched, it
// is emitted then under --how left/right/outer.
//
// Reading is driven by event time, a merge of the two streams: a right
// record is processed once its event time is below that of the left record
// at hand (left first on ties), and the right stream is read only as far as
// that, so memory is bounded by the window plus the disorder, not by how far
// one stream runs ahead of the other. A right FIFO with nothing ready is
// waited for. The output therefore depends only on the two streams, and
// after the left input ends the rest of the right is let go as it is read.
//
// In a checkpointed pipeline the right is a FIFO from another member,
// carrying barriers: the left's barrier e waits (align_barrier) until the
// right has brought barrier e too, and the right stops at its barrier e
// until the left's comes, so the snapshot is an aligned one. Records read
// on the way that the merge cannot take yet are held in the snapshot.
#pragma once
#include <absl/container/flat_hash_map.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "libcommon/operator.h"
#include "tools/sp-join/join_key.h"
#include "tools/sp-join/join_options.h"
#include "tools/sp-join/right_stream.h"

namespace sp {

class IntervalJoinOperator : public Operator {
 public:
  explicit IntervalJoinOperator(JoinConfig config);

  void on_record(const Record& record, Context& ctx) override;
  void on_watermark(Nanos watermark, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  bool on_control(const ControlLine& control, Context& ctx) override;
  void align_barrier(uint64_t epoch, Context& ctx) override;
  Nanos output_watermark(Nanos own) const override;
  void snapshot(StateWriter& out) const override;
  void restore(StateReader& in) override;
  std::string state_options() const override;

 private:
  struct Entry {
    Nanos time;
    uint64_t seq;
    uint64_t hash;
    std::string key;
    std::string text;
    bool matched = false;
  };
  struct Side {
    std::deque<Entry> entries;  // arrival order; entries.front().seq == base
    uint64_t base = 0;
    uint64_t next_seq = 0;
    absl::flat_hash_map<uint64_t, std::vector<uint64_t>> index;  // key hash -> seqs
    Entry& at(uint64_t seq) { return entries[seq - base]; }
  };
  // A left record (or a watermark) received but not processed yet: the
  // right stream is held at a barrier and cannot say what comes first.

  void register_counters(Context& ctx);
  // Processes right items while their time is below `t`. True when the
  // next right record is at or after `t` or the right ended; false when
  // the right is held at a barrier (or, without `wait`, has nothing ready).
  bool right_before(Nanos t, bool wait, Context& ctx);
  void process_right(Context& ctx);
  void process_left(Nanos t, std::string_view text, JsonRecord& json, Context& ctx);
  // Processes held left records as far as the right stream allows.
  void drain_left(bool wait, Context& ctx);
  void apply_left_watermark(Nanos w, Context& ctx);
  Nanos left_frontier() const;
  Nanos right_watermark() const;
  void add_and_match(bool left, Nanos t, std::string_view text, JsonRecord& json, Context& ctx);
  void emit_pair(std::string_view left, std::string_view right, Context& ctx);
  void evict(Context& ctx, bool all);
  void evict_side(Side& side, bool left, Nanos bound, bool all, Context& ctx);
  static void write_side(StateWriter& out, const Side& side);
  static void read_side(StateReader& in, Side& side);

  JoinConfig config_;
  JoinKey left_key_;
  JoinKey right_key_;
  RightStream right_;
  std::deque<HeldLine> left_queue_;
  JsonRecord left_json_;
  std::string left_padded_;
  Nanos right_max_ = kNoTime;
  Nanos right_wm_received_ = kNoTime;  // from the right's watermark lines
  Nanos left_max_ = kNoTime;
  Nanos left_wm_ = kNoTime;
  bool left_end_marker_ = false;  // the left's pipeline end marker arrived
  bool left_ended_ = false;       // no left record will come any more
  Side left_;
  Side right_side_;
  std::string key_buf_;
  std::string problem_;
  std::string out_;
  uint64_t* matched_ = nullptr;
  uint64_t* unmatched_left_ = nullptr;
  uint64_t* unmatched_right_ = nullptr;
  uint64_t* missing_key_ = nullptr;
  uint64_t* late_ = nullptr;
};

}  // namespace sp
