// The right input of an interval join (--right FILE, a regular file or a
// FIFO), read one line at a time as the join asks for it, so that nothing is
// read further ahead than one input batch.
//
// As a member of a checkpointed pipeline (a FIFO fed by another member), the
// stream also carries control lines: a barrier stops the stream (blocked())
// until the join has aligned the other input on the same epoch and calls
// unblock(); watermarks are handed to the join in stream order; the end
// marker must come before the end of the FIFO. To align, the join can read
// ahead to the next barrier (align_to): the lines passed on the way are kept
// (copied) as pending items, and go into the snapshot.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "libcommon/event_time.h"
#include "libcommon/input.h"
#include "libcommon/json_record.h"
#include "libcommon/operator.h"

namespace sp {

class StateReader;
class StateWriter;

// A record (or a watermark) read from one side of the join but not yet
// processed: held while the other side catches up, and kept in snapshots.
struct HeldLine {
  bool is_record = true;
  Nanos time = 0;  // event time, or the watermark
  std::string text;
};
void write_held(StateWriter& out, const std::deque<HeldLine>& lines);
void read_held(StateReader& in, std::deque<HeldLine>& lines);

class RightStream {
 public:
  // `reads_control`: control lines are the pipeline's (else they are
  // rejected like any line that is not JSON).
  // `validate`: each line checked whole as one JSON object (--validate).
  RightStream(std::string path, bool reads_control, EventTimeExtractor time, uint64_t max_record_size,
              bool validate);

  enum class Head { Record, Watermark, Blocked, Ended, NoData };
  // The next item: a Record (time(), text(), json()), a Watermark
  // (watermark()), Blocked at a barrier, Ended, or NoData (a FIFO with
  // nothing ready; with `wait`, waits for data instead, in short polls,
  // until a stop is requested). Rejected lines are counted and skipped.
  Head peek(bool wait);
  void pop();  // consumes the Record or Watermark head
  Nanos time() const { return head_time_; }
  Nanos watermark() const { return head_time_; }
  std::string_view text() const;
  JsonRecord& json();  // the head record, loaded

  // Reads ahead, keeping what it passes, until the barrier of `epoch` (true)
  // or the end of the stream (false).
  bool align_to(uint64_t epoch);
  uint64_t barrier() const { return barrier_; }
  bool blocked() const { return blocked_; }
  void unblock() { blocked_ = false; }
  bool ended() const { return ended_ && pending_.empty() && pos_ >= lines_.size(); }
  bool is_regular_file() const { return regular_; }
  const std::string& name() const { return path_; }

  // Counters (owned by the caller's Stats).
  void set_counters(uint64_t* records_in, uint64_t* rejected) {
    records_in_ = records_in;
    rejected_ = rejected;
  }

  // Position (a regular file: its identity and the offset of the first line
  // not yet consumed), pending items, the last barrier, the end.
  void snapshot(StateWriter& out) const;
  // Throws CheckpointError when a regular file is not the one of the
  // snapshot (or is shorter than its offset).
  void restore(StateReader& in);

 private:
  void open(uint64_t offset, uint64_t line);
  bool read_more(bool wait);
  // Classifies lines_[pos_]: a record (sets head_time_, returns true), a
  // watermark (true), or consumes it (control line, rejected line) and
  // returns false.
  bool classify_line();
  bool parse_record(std::string_view text, uint64_t offset, uint64_t line, Nanos& t);
  void on_barrier(uint64_t epoch, uint64_t line, uint64_t offset);

  std::string path_;
  bool reads_control_;
  EventTimeExtractor time_;
  uint64_t max_record_size_;
  bool validate_;
  bool regular_ = false;
  std::unique_ptr<InputReader> in_;
  std::vector<InputLine> lines_;
  size_t pos_ = 0;
  std::deque<HeldLine> pending_;  // read ahead while aligning; before lines_[pos_]
  bool head_ready_ = false;      // head_is_record_/head_time_ describe the head
  bool head_is_record_ = true;
  Nanos head_time_ = 0;
  bool head_loaded_ = false;     // json_ holds the head record
  JsonRecord json_;
  std::string padded_;
  std::string problem_;
  uint64_t barrier_ = 0;
  bool blocked_ = false;
  bool end_marker_ = false;
  bool ended_ = false;  // no more lines to read
  uint64_t* records_in_ = nullptr;
  uint64_t* rejected_ = nullptr;
};

}  // namespace sp
