// What every sp-window operator shares: reading the record's key and values,
// the aggregate store and group table, writing result rows, the --late side
// output, the state bound (--max-groups) and the accounting counters.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "libcommon/json_writer.h"
#include "libcommon/operator.h"
#include "libcommon/output.h"
#include "tools/sp-window/aggregates.h"
#include "tools/sp-window/group_table.h"
#include "tools/sp-window/record_values.h"
#include "tools/sp-window/window_options.h"

namespace sp {

// Row markers: "update":true (a closed window changed within
// --allowed-lateness), "final":true/false (--emit early/update).
enum class RowKind { Final, Update, Partial };

class WindowBase : public Operator {
 public:
  explicit WindowBase(WindowConfig config);
  std::string state_options() const override { return config_.state_options(); }
  void snapshot(StateWriter& out) const override;
  void restore(StateReader& in) override;
  std::optional<std::vector<std::string>> scanned_members() const override { return values_.scanned_names(); }

 protected:
  // Reads key and values of the record; false when it was rejected.
  bool read_values(const Record& record, Context& ctx);
  // The record's time: event time, or processing time with --processing-time.
  Nanos record_time(const Record& record, Context& ctx) const {
    return config_.processing_time ? ctx.now() : record.event_time;
  }
  // Writes one result row. `has_times`: count windows without a time omit them.
  void emit_row(Context& ctx, Nanos start, Nanos end, bool has_times, GroupId group, StateId state, RowKind kind);
  void send_late(const Record& record, Context& ctx);
  // Flushes the --late file (end of input).
  void flush_late();
  // Emits the groups of one window in key order (bytewise).
  template <typename Map>
  void emit_groups(Context& ctx, Nanos start, Nanos end, const Map& states, RowKind kind) {
    sorted_.clear();
    for (const auto& [group, state] : states) sorted_.emplace_back(groups_.key(group), group, state);
    sort_groups();
    for (const auto& g : sorted_) emit_row(ctx, start, end, true, g.group, g.state, kind);
  }
  // Before creating up to `needed` states: enforces --max-groups (error, or
  // evict_oldest()).
  void make_room(Context& ctx, size_t needed = 1);
  virtual bool evict_oldest(Context& ctx) = 0;
  // Whether --emit early is due at processing time `now`.
  bool early_due(Nanos now);
  // For --status: what holds a window after it is emitted.
  std::string lateness_hint() const {
    if (config_.allowed_lateness <= 0) return "";
    std::string d = format_duration(config_.allowed_lateness);
    return "once emitted, --allowed-lateness " + d + " keeps it " + d + " longer for late records";
  }

  virtual void snapshot_windows(StateWriter& out) const = 0;
  virtual void restore_windows(StateReader& in) = 0;

  WindowConfig config_;
  RecordValues values_;
  AggStore store_;
  GroupTable groups_;
  uint64_t* aggregated_ = nullptr;
  uint64_t* late_ = nullptr;
  uint64_t* updates_ = nullptr;
  uint64_t* evicted_ = nullptr;

 private:
  struct KeyedState {
    uint64_t prefix;  // the key's first 8 bytes, big-endian: most comparisons end here
    std::string_view key;
    GroupId group;
    StateId state;
    KeyedState(std::string_view k, GroupId g, StateId s) : prefix(key_prefix(k)), key(k), group(g), state(s) {}
  };
  static uint64_t key_prefix(std::string_view key);
  void sort_groups();
  void open_late();
  void bind_counters(Context& ctx);
  std::vector<KeyedState> sorted_;

  std::string row_;
  std::string times_;  // the formatted times of the last row
  Nanos times_start_ = 0;
  Nanos times_end_ = 0;
  std::vector<std::string> by_prefixes_;  // ,"field":
  std::string reason_;
  std::unique_ptr<OutputSink> late_sink_;
  uint64_t late_sink_resume_ = UINT64_MAX;
  uint64_t* non_numeric_ = nullptr;
  Nanos last_early_ = kNoTime;
};

}  // namespace sp
