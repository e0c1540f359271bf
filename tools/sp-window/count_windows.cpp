#include "tools/sp-window/count_windows.h"

#include <algorithm>

#include "libcommon/state_codec.h"
#include "tools/sp-window/free_slots.h"

namespace sp {

CountWindows::WindowId CountWindows::open(GroupId group) {
  WindowId id = take_free_slot(windows_, free_);
  windows_[id] = Window{group, store_.create(), 0, next_seq_, kNoTime, kNoTime};
  by_seq_.emplace(next_seq_++, id);
  groups_.retain(group);
  groups_state_[group].windows.push_back(id);
  return id;
}

void CountWindows::close(WindowId id) {
  Window& w = windows_[id];
  auto it = groups_state_.find(w.group);
  auto& list = it->second.windows;
  list.erase(std::find(list.begin(), list.end(), id));
  // With no window open the key starts afresh (its count is then always a
  // multiple of --advance).
  if (list.empty()) groups_state_.erase(it);
  by_seq_.erase(w.seq);
  store_.release(w.state);
  groups_.release(w.group);
  free_.push_back(id);
}

void CountWindows::emit(WindowId id, RowKind kind, Context& ctx) {
  const Window& w = windows_[id];
  emit_row(ctx, w.first, w.last, has_times() && w.first != kNoTime, w.group, w.state, kind);
}

void CountWindows::on_record(const Record& record, Context& ctx) {
  if (!read_values(record, ctx)) return;
  const Nanos t = record_time(record, ctx);
  const GroupId group = groups_.intern(values_.group_key());
  groups_.retain(group);  // held while this record is handled (eviction may run)
  auto found = groups_state_.find(group);
  uint64_t seen = found == groups_state_.end() ? 0 : found->second.records;
  if (seen % config_.count_advance == 0) {
    make_room(ctx);
    open(group);
  }
  Group& g = groups_state_[group];
  ++g.records;
  ++*aggregated_;
  batch_.assign(g.windows.begin(), g.windows.end());
  for (WindowId id : batch_) {
    Window& w = windows_[id];
    store_.add(w.state, values_, t);
    ++w.records;
    if (t != kNoTime) {
      if (w.first == kNoTime || t < w.first) w.first = t;
      if (w.last == kNoTime || t > w.last) w.last = t;
    }
    if (w.records == config_.count) {
      emit(id, RowKind::Final, ctx);
      close(id);
    } else if (config_.emit == EmitMode::Update) {
      emit(id, RowKind::Partial, ctx);
    }
  }
  groups_.release(group);
  if (config_.emit == EmitMode::Early && early_due(ctx.now())) emit_all_open(RowKind::Partial, ctx);
}

void CountWindows::on_idle(Nanos now, Context& ctx) {
  if (early_due(now)) emit_all_open(RowKind::Partial, ctx);
}

// Incomplete windows: by time (when known), then group key, then age.
void CountWindows::emit_all_open(RowKind kind, Context& ctx) {
  batch_.clear();
  for (const auto& [seq, id] : by_seq_) batch_.push_back(id);
  std::sort(batch_.begin(), batch_.end(), [&](WindowId a, WindowId b) {
    const Window& x = windows_[a];
    const Window& y = windows_[b];
    if (x.last != y.last) return x.last < y.last;
    if (x.first != y.first) return x.first < y.first;
    auto kx = groups_.key(x.group), ky = groups_.key(y.group);
    if (kx != ky) return kx < ky;
    return x.seq < y.seq;
  });
  for (WindowId id : batch_) emit(id, kind, ctx);
}

bool CountWindows::evict_oldest(Context& ctx) {
  if (by_seq_.empty()) return false;
  WindowId id = by_seq_.begin()->second;
  emit(id, RowKind::Final, ctx);
  close(id);
  return true;
}

void CountWindows::on_end(EndKind kind, Context& ctx) {
  if (kind == EndKind::Final || config_.flush_at_end) {
    emit_all_open(RowKind::Final, ctx);
    while (!by_seq_.empty()) close(by_seq_.begin()->second);
  }
  flush_late();
}

void CountWindows::report_status(StatusSink& sink) const {
  sink.gauge("open_windows", by_seq_.size());
  sink.gauge("keys", groups_state_.size());
}

void CountWindows::snapshot_windows(StateWriter& out) const {
  out.varint(next_seq_);
  out.count(groups_state_.size());
  for (const auto& [group, g] : groups_state_) {
    out.str(groups_.key(group));
    out.varint(g.records);
    out.count(g.windows.size());
    for (WindowId id : g.windows) {
      const Window& w = windows_[id];
      out.varint(w.records);
      out.varint(w.seq);
      out.svarint(w.first);
      out.svarint(w.last);
      store_.snapshot_state(w.state, out);
    }
  }
}

void CountWindows::restore_windows(StateReader& in) {
  const uint64_t next_seq = in.varint();
  size_t n = in.count(3);
  for (size_t i = 0; i < n; ++i) {
    GroupId group = groups_.intern(in.str());
    uint64_t records = in.varint();
    size_t windows = in.count(5);
    for (size_t k = 0; k < windows; ++k) {
      WindowId id = open(group);
      Window& w = windows_[id];
      by_seq_.erase(w.seq);
      store_.release(w.state);
      w.records = in.varint();
      w.seq = in.varint();
      w.first = in.svarint();
      w.last = in.svarint();
      w.state = store_.restore_state(in);
      by_seq_.emplace(w.seq, id);
    }
    groups_state_[group].records = records;
  }
  next_seq_ = next_seq;
}

}  // namespace sp
