#include "tools/sp-window/session_windows.h"

#include <algorithm>

#include "libcommon/state_codec.h"
#include "tools/sp-window/free_slots.h"

namespace sp {

SessionWindows::SessionId SessionWindows::create(GroupId group, Nanos t) {
  SessionId id = take_free_slot(sessions_, free_);
  Session& s = sessions_[id];
  s = Session{t, t, group, store_.create(), false};
  groups_.retain(group);
  by_group_[group].push_back(id);
  return id;
}

void SessionWindows::drop(SessionId id) {
  Session& s = sessions_[id];
  index_of(s).erase({end_of(s), id});
  auto it = by_group_.find(s.group);
  auto& list = it->second;
  list.erase(std::find(list.begin(), list.end(), id));
  if (list.empty()) by_group_.erase(it);
  store_.release(s.state);
  groups_.release(s.group);
  free_.push_back(id);
}

void SessionWindows::on_record(const Record& record, Context& ctx) {
  if (!read_values(record, ctx)) return;
  const Nanos t = record_time(record, ctx);
  const Nanos wm = config_.processing_time ? processing_watermark_ : ctx.watermark();
  const Nanos gap = config_.size;
  const GroupId group = groups_.intern(values_.group_key());
  groups_.retain(group);  // held while this record is handled (eviction may run)

  // Sessions this record's interval [t, t + gap) touches.
  matches_.clear();
  if (auto it = by_group_.find(group); it != by_group_.end()) {
    for (SessionId id : it->second) {
      const Session& s = sessions_[id];
      if (t > s.start - gap && t < s.last + gap) matches_.push_back(id);
    }
  }
  SessionId target;
  if (matches_.empty()) {
    if (wm != kNoTime && t + gap + config_.allowed_lateness <= wm) {
      send_late(record, ctx);
      groups_.release(group);
      return;
    }
    make_room(ctx);
    target = create(group, t);
    Session& s = sessions_[target];
    s.emitted = wm != kNoTime && end_of(s) <= wm;
    index_of(s).insert({end_of(s), target});
  } else {
    // Merge every touched session into the earliest one.
    std::sort(matches_.begin(), matches_.end(),
              [&](SessionId a, SessionId b) { return sessions_[a].start < sessions_[b].start; });
    target = matches_[0];
    Session& s = sessions_[target];
    index_of(s).erase({end_of(s), target});
    for (size_t i = 1; i < matches_.size(); ++i) {
      Session& other = sessions_[matches_[i]];
      store_.merge(s.state, other.state);
      s.last = std::max(s.last, other.last);
      s.emitted = s.emitted || other.emitted;
      drop(matches_[i]);
    }
    s.start = std::min(s.start, t);
    s.last = std::max(s.last, t);
    // A merged session that reaches past the watermark is open again.
    if (wm == kNoTime || end_of(s) > wm) s.emitted = false;
    index_of(s).insert({end_of(s), target});
  }
  Session& s = sessions_[target];
  store_.add(s.state, values_, t);
  ++*aggregated_;
  groups_.release(group);
  if (s.emitted) {
    emit_row(ctx, s.start, end_of(s), true, s.group, s.state, RowKind::Update);
  } else if (config_.emit == EmitMode::Update) {
    emit_row(ctx, s.start, end_of(s), true, s.group, s.state, RowKind::Partial);
  }
  if (config_.processing_time) {
    if (processing_watermark_ == kNoTime || t > processing_watermark_) processing_watermark_ = t;
    advance(processing_watermark_, ctx);
  }
  if (config_.emit == EmitMode::Early && early_due(ctx.now())) {
    batch_.clear();
    for (const auto& [end, id] : open_) batch_.push_back(id);
    emit_sorted(batch_, RowKind::Partial, ctx);
  }
}

void SessionWindows::emit_sorted(std::vector<SessionId>& ids, RowKind kind, Context& ctx) {
  std::sort(ids.begin(), ids.end(), [&](SessionId a, SessionId b) {
    const Session& x = sessions_[a];
    const Session& y = sessions_[b];
    if (end_of(x) != end_of(y)) return end_of(x) < end_of(y);
    if (x.start != y.start) return x.start < y.start;
    return groups_.key(x.group) < groups_.key(y.group);
  });
  for (SessionId id : ids) {
    const Session& s = sessions_[id];
    emit_row(ctx, s.start, end_of(s), true, s.group, s.state, kind);
  }
}

void SessionWindows::advance(Nanos watermark, Context& ctx) {
  batch_.clear();
  for (auto it = open_.begin(); it != open_.end() && it->first <= watermark; ++it) batch_.push_back(it->second);
  if (!batch_.empty()) {
    emit_sorted(batch_, RowKind::Final, ctx);
    for (SessionId id : batch_) {
      Session& s = sessions_[id];
      open_.erase({end_of(s), id});
      s.emitted = true;
      kept_.insert({end_of(s), id});
    }
  }
  while (!kept_.empty() && kept_.begin()->first + config_.allowed_lateness <= watermark) drop(kept_.begin()->second);
}

void SessionWindows::on_watermark(Nanos watermark, Context& ctx) {
  if (!config_.processing_time) advance(watermark, ctx);
}

void SessionWindows::on_idle(Nanos now, Context& ctx) {
  if (config_.processing_time) {
    if (processing_watermark_ == kNoTime || now > processing_watermark_) processing_watermark_ = now;
    advance(processing_watermark_, ctx);
  }
  if (early_due(now)) {
    batch_.clear();
    for (const auto& [end, id] : open_) batch_.push_back(id);
    emit_sorted(batch_, RowKind::Partial, ctx);
  }
}

bool SessionWindows::evict_oldest(Context& ctx) {
  SessionId id;
  if (!open_.empty()) {
    id = open_.begin()->second;
    batch_.assign(1, id);
    emit_sorted(batch_, RowKind::Final, ctx);
  } else if (!kept_.empty()) {
    id = kept_.begin()->second;
  } else {
    return false;
  }
  drop(id);
  return true;
}

void SessionWindows::on_end(EndKind kind, Context& ctx) {
  if (kind == EndKind::Final || config_.flush_at_end) {
    batch_.clear();
    for (const auto& [end, id] : open_) batch_.push_back(id);
    emit_sorted(batch_, RowKind::Final, ctx);
    while (!open_.empty()) drop(open_.begin()->second);
    while (!kept_.empty()) drop(kept_.begin()->second);
  }
  flush_late();
}

void SessionWindows::report_status(StatusSink& sink) const {
  sink.gauge("open_sessions", open_.size());
  sink.gauge("kept_sessions", kept_.size());  // emitted, kept for --allowed-lateness
  sink.gauge("keys", by_group_.size());
  if (!open_.empty()) {
    const auto& [end, id] = *open_.begin();
    sink.pending("session", sessions_[id].start, end, 1, lateness_hint());
  }
}

void SessionWindows::snapshot_windows(StateWriter& out) const {
  out.svarint(processing_watermark_);
  out.count(open_.size() + kept_.size());
  for (const EndIndex* index : {&open_, &kept_}) {
    for (const auto& [end, id] : *index) {
      const Session& s = sessions_[id];
      out.str(groups_.key(s.group));
      out.svarint(s.start);
      out.svarint(s.last);
      out.boolean(s.emitted);
      store_.snapshot_state(s.state, out);
    }
  }
}

void SessionWindows::restore_windows(StateReader& in) {
  processing_watermark_ = in.svarint();
  size_t n = in.count(4);
  for (size_t i = 0; i < n; ++i) {
    GroupId group = groups_.intern(in.str());
    Nanos start = in.svarint();
    Nanos last = in.svarint();
    bool emitted = in.boolean();
    SessionId id = create(group, start);
    Session& s = sessions_[id];
    store_.release(s.state);
    s.state = store_.restore_state(in);
    s.last = last;
    s.emitted = emitted;
    index_of(s).insert({end_of(s), id});
  }
}

}  // namespace sp
