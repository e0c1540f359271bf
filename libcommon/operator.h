// The operator interface: each tool is one Operator plugged into the shared
// driver (driver.h), which owns input, output, time, checkpoints, signals
// and accounting.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/control_line.h"
#include "libcommon/json_member_scan.h"
#include "libcommon/json_record.h"
#include "libcommon/line_splitter.h"
#include "libcommon/stats.h"
#include "libcommon/units.h"

namespace sp {

class StateWriter;
class StateReader;

inline constexpr Nanos kNoTime = std::numeric_limits<Nanos>::min();

// One input record as the driver hands it to an operator. `text` excludes the
// newline and is followed by simdjson padding, so it can be parsed in place.
struct Record {
  std::string_view text;
  uint64_t offset = 0;          // byte offset of the record in the input
  uint64_t line = 0;            // 1-based line number
  Nanos event_time = kNoTime;   // set when --time-field is given
  // The values of Operator::scanned_members(), in that order, when the
  // driver read them from the text instead of parsing the record (then
  // ctx.json() is not loaded); null when it parsed.
  const ScannedMember* members = nullptr;
};

// What an operator may do while handling an event.
class Context {
 public:
  virtual ~Context() = default;
  // Writes one output record (the JSON text, without a newline).
  virtual void emit(std::string_view json) = 0;
  // Writes a record on_record() was given, unchanged, within that call: the
  // same as emit(record.text), but consecutive input lines passed through
  // go out as one run, without a copy.
  virtual void emit_input(const Record& record) { emit(record.text); }
  // Writes `count` output records at once: `lines` is their texts, each
  // followed by '\n' (for an operator passing on whole runs of lines).
  virtual void emit_lines(std::string_view lines, uint64_t count) {
    while (!lines.empty()) {
      size_t nl = lines.find('\n');
      emit(lines.substr(0, nl));
      if (nl == std::string_view::npos) break;  // a last text without its '\n'
      lines.remove_prefix(nl + 1);
    }
  }
  // Rejects the record: dead-letter sink, `rejected` counter and, under
  // --strict or past --max-errors, a fatal DataError.
  virtual void reject(const Record& record, std::string_view reason) = 0;
  // Where `record` is, as diagnostics name it: "app.log:12 (byte 3401)".
  virtual std::string locate(const Record& record) const = 0;
  // Sends a record to a tool-specific side output (e.g. --late FILE) when
  // the tool has one; counted by the operator itself.
  virtual Stats& stats() = 0;
  // The record parser, already loaded with the current record's text.
  virtual JsonRecord& json() = 0;
  // The current event-time watermark (kNoTime before the first record).
  virtual Nanos watermark() const = 0;
  // Processing time from the replaceable clock (SP_CLOCK).
  virtual Nanos now() const = 0;
  // Pipeline mode: an operator that held a barrier back (on_control returned
  // false) reports here, once, that every downstream copy of it came through.
  virtual void barrier_passed(uint64_t epoch) {}
  // Pipeline mode: an operator with a second input (sp-join --right) whose
  // first input ended starts the barrier that came on the second one.
  virtual void start_barrier(uint64_t epoch) {}
};

// What an operator tells --status (status.h) about the state it holds,
// every --status-interval and at exit.
class StatusSink {
 public:
  virtual ~StatusSink() = default;
  // How many of something the operator holds now: "open_windows", "keys",
  // "groups", ... (names are plain identifiers).
  virtual void gauge(std::string_view name, uint64_t value) = 0;
  // The oldest state that waits for the watermark: `what` (e.g. "window")
  // covering [start, end), holding `groups` groups; it is final once the
  // watermark reaches `end`. `hint`: what else releases it, or "".
  virtual void pending(std::string_view what, Nanos start, Nanos end, uint64_t groups, std::string_view hint) = 0;
};

// How the input ended, for on_end().
enum class EndKind {
  Final,    // no resume will follow: emit everything still open
  Suspend,  // a checkpoint will be written and a later run resumes: keep open state
};

class Operator {
 public:
  virtual ~Operator() = default;

  virtual void on_record(const Record& record, Context& ctx) = 0;
  // Sees each batch of input lines (control lines and lines with issues
  // included) before their records reach on_record, for work that is
  // cheaper done on many records at once. The texts stay valid until then.
  // Returns true when it found every line valid UTF-8 without a NUL byte
  // (as validating the batch as JSON does); see validates_batch_encoding().
  virtual bool on_batch(const std::vector<InputLine>& lines) { return false; }
  // True: the reader does not check each line's encoding; the driver does,
  // for a batch on_batch() did not vouch for, before its records go on.
  virtual bool validates_batch_encoding() const { return false; }
  // The watermark advanced (event time, or the wall clock after --idle-timeout).
  virtual void on_watermark(Nanos watermark, Context& ctx) {}
  // The input has been quiet; `now` is processing time (for early emits).
  virtual void on_idle(Nanos now, Context& ctx) {}
  virtual void on_end(EndKind kind, Context& ctx) {}
  // Pipeline mode (--checkpoint-dir): a control line passes this member. For
  // a barrier the driver has already snapshotted the state. Returning true
  // lets the driver forward it (or commit the epoch) right away; an operator
  // feeding processes of its own (sp-partition --exec) sends it to them,
  // returns false, and calls ctx.barrier_passed(epoch) once they passed it.
  virtual bool on_control(const ControlLine& control, Context& ctx) { return true; }
  // Pipeline mode: barrier `epoch` is about to be snapshotted. An operator
  // with a second input reads that one up to the same barrier first (an
  // aligned snapshot); output written here belongs to the epoch.
  virtual void align_barrier(uint64_t epoch, Context& ctx) {}
  // Pipeline mode: the watermark to pass downstream, given this member's
  // own (an operator with a second input takes the smaller of the two).
  virtual Nanos output_watermark(Nanos own) const { return own; }

  // State for checkpoints. `state_options` describes the options that shape
  // the state: a checkpoint taken with different ones is refused.
  virtual void snapshot(StateWriter& out) const {}
  virtual void restore(StateReader& in) {}
  virtual std::string state_options() const { return ""; }

  // When true, the driver parses each record's JSON before on_record (so
  // ctx.json() is loaded); event-time extraction implies it.
  virtual bool wants_json() const { return true; }

  // Top-level fields the operator can read from record.members instead of
  // ctx.json(); none (nullopt) when it reads the parsed record. With a list,
  // the driver scans each record for those fields and the time field
  // (PlainMembersScan) and parses only the records where one of them is
  // missing or not a plain string or number. An empty list says the
  // operator reads no field of its own: only the time is scanned for.
  virtual std::optional<std::vector<std::string>> scanned_members() const { return std::nullopt; }

  // --status: gauges of the state held and the oldest pending state.
  virtual void report_status(StatusSink& sink) const {}
};

}  // namespace sp
