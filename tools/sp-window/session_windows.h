// Session windows: per group key, records closer than GAP share a session;
// a session's window is [first event time, last event time + GAP). An
// out-of-order record that bridges two sessions merges them (aggregates
// merged, not recomputed). A session closes when the watermark passes its end.
#pragma once
#include <set>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include "tools/sp-window/window_base.h"

namespace sp {

class SessionWindows final : public WindowBase {
 public:
  explicit SessionWindows(WindowConfig config) : WindowBase(std::move(config)) {}

  void on_record(const Record& record, Context& ctx) override;
  void on_watermark(Nanos watermark, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  void report_status(StatusSink& sink) const override;

 private:
  using SessionId = uint32_t;
  struct Session {
    Nanos start = 0;
    Nanos last = 0;
    GroupId group = 0;
    StateId state = 0;
    bool emitted = false;  // final row out; kept for --allowed-lateness
  };
  using EndIndex = std::set<std::pair<Nanos, SessionId>>;  // (window end, session)

  Nanos end_of(const Session& s) const { return s.last + config_.size; }
  EndIndex& index_of(const Session& s) { return s.emitted ? kept_ : open_; }
  SessionId create(GroupId group, Nanos t);
  void drop(SessionId id);
  void advance(Nanos watermark, Context& ctx);
  // Emits the given sessions ordered by end, start, then group key.
  void emit_sorted(std::vector<SessionId>& ids, RowKind kind, Context& ctx);
  bool evict_oldest(Context& ctx) override;
  void snapshot_windows(StateWriter& out) const override;
  void restore_windows(StateReader& in) override;

  std::vector<Session> sessions_;
  std::vector<SessionId> free_;
  absl::flat_hash_map<GroupId, absl::InlinedVector<SessionId, 2>> by_group_;
  EndIndex open_;  // not yet emitted
  EndIndex kept_;  // emitted, within --allowed-lateness
  std::vector<SessionId> matches_;
  std::vector<SessionId> batch_;
  Nanos processing_watermark_ = kNoTime;
};

}  // namespace sp
