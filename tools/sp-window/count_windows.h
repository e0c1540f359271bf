// Count windows: per group key, a window of N records; with --advance M a
// new one starts every M records of the key (overlapping when M < N). A
// window is emitted as soon as it holds N records; at end of input the
// incomplete ones are emitted too. window_start/window_end are the smallest
// and largest record time in the window, when records have a time.
#pragma once
#include <map>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include "tools/sp-window/window_base.h"

namespace sp {

class CountWindows final : public WindowBase {
 public:
  explicit CountWindows(WindowConfig config) : WindowBase(std::move(config)) {}

  void on_record(const Record& record, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  void report_status(StatusSink& sink) const override;

 private:
  using WindowId = uint32_t;
  struct Window {
    GroupId group = 0;
    StateId state = 0;
    uint64_t records = 0;
    uint64_t seq = 0;  // creation order, for eviction and a stable order
    Nanos first = kNoTime;  // smallest record time
    Nanos last = kNoTime;   // largest record time
  };
  struct Group {
    uint64_t records = 0;  // records of this key since its windows started
    absl::InlinedVector<WindowId, 2> windows;
  };

  bool has_times() const { return config_.has_event_time || config_.processing_time; }
  WindowId open(GroupId group);
  void close(WindowId id);
  void emit(WindowId id, RowKind kind, Context& ctx);
  void emit_all_open(RowKind kind, Context& ctx);
  bool evict_oldest(Context& ctx) override;
  void snapshot_windows(StateWriter& out) const override;
  void restore_windows(StateReader& in) override;

  std::vector<Window> windows_;
  std::vector<WindowId> free_;
  absl::flat_hash_map<GroupId, Group> groups_state_;
  std::map<uint64_t, WindowId> by_seq_;
  uint64_t next_seq_ = 0;
  std::vector<WindowId> batch_;
};

}  // namespace sp
