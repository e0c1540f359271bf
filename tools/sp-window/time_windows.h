// Tumbling and hopping windows on event time (or processing time): windows
// aligned to the Unix epoch plus --offset, closed when the watermark passes
// their end, kept --allowed-lateness longer for updates.
#pragma once
#include <map>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "tools/sp-window/window_base.h"

namespace sp {

class TimeWindows final : public WindowBase {
 public:
  explicit TimeWindows(WindowConfig config);

  void on_record(const Record& record, Context& ctx) override;
  void on_watermark(Nanos watermark, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  void report_status(StatusSink& sink) const override;

 private:
  struct Window {
    bool emitted = false;  // the final result went out; kept for --allowed-lateness
    absl::flat_hash_map<GroupId, StateId> states;
  };
  using Windows = std::map<Nanos, Window>;  // by start; all have the same length

  // Starts of the windows holding time t, ascending.
  void windows_of(Nanos t);
  void advance(Nanos watermark, Context& ctx);
  void drop(Windows::iterator it);
  void emit_open(Context& ctx, RowKind kind);
  bool evict_oldest(Context& ctx) override;
  void snapshot_windows(StateWriter& out) const override;
  void restore_windows(StateReader& in) override;

  Nanos step_;  // advance between window starts (= size when tumbling)
  Windows windows_;
  std::vector<Nanos> starts_;
  Nanos last_step_ = kNoTime;  // the grid step of the last record's time
  Nanos processing_watermark_ = kNoTime;
  size_t last_emitted_groups_ = 0;
};

}  // namespace sp
