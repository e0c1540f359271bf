#include "tools/sp-window/time_windows.h"

#include "libcommon/state_codec.h"

namespace sp {

namespace {

// Floor of t on the grid offset + k * step (also for times before 1970).
Nanos grid_floor(Nanos t, Nanos step, Nanos offset) {
  Nanos r = (t - offset) % step;
  if (r < 0) r += step;
  return t - r;
}

}  // namespace

TimeWindows::TimeWindows(WindowConfig config) : WindowBase(std::move(config)) {
  step_ = config_.kind == WindowKind::Hopping ? config_.advance : config_.size;
}

void TimeWindows::windows_of(Nanos t) {
  starts_.clear();
  // Records mostly fall in the step of the record before: no division then.
  // Unsigned, as the distance from kNoTime (before the first record) does
  // not fit an int64; it still exceeds any step, as times start in 1823
  // (kMinEventTime) and steps are at most 2^60 ns (kMaxTimeSpan).
  if (t < last_step_ || static_cast<uint64_t>(t) - static_cast<uint64_t>(last_step_) >= static_cast<uint64_t>(step_))
    last_step_ = grid_floor(t, step_, config_.offset);
  const Nanos last = last_step_;
  Nanos first = last;
  while (first - step_ + config_.size > t) first -= step_;
  for (Nanos s = first; s <= last; s += step_) starts_.push_back(s);
}

void TimeWindows::on_record(const Record& record, Context& ctx) {
  if (!read_values(record, ctx)) return;
  const Nanos t = record_time(record, ctx);
  const Nanos wm = config_.processing_time ? processing_watermark_ : ctx.watermark();
  windows_of(t);
  const GroupId group = groups_.intern(values_.group_key());
  groups_.retain(group);  // held while this record is handled (eviction may run)
  // Counting the states this record would create costs a lookup per
  // window: only worth it when they might not fit under --max-groups.
  if (store_.live() + starts_.size() > config_.max_groups) {
    size_t needed = 0;
    for (Nanos start : starts_) {
      auto it = windows_.find(start);
      if (it == windows_.end() || !it->second.states.contains(group)) ++needed;
    }
    if (needed > 0) make_room(ctx, needed);
  }
  bool aggregated = false;
  for (Nanos start : starts_) {
    const Nanos end = start + config_.size;
    if (wm != kNoTime && end + config_.allowed_lateness <= wm) continue;  // expired
    const bool closed = wm != kNoTime && end <= wm;
    auto [it, created] = windows_.try_emplace(start);
    if (created) {
      it->second.emitted = closed;
      // Sized like the last window emitted: no rehashing as it fills.
      it->second.states.reserve(last_emitted_groups_);
    }
    auto [sit, fresh] = it->second.states.try_emplace(group, 0);
    if (fresh) {
      sit->second = store_.create();
      groups_.retain(group);
    }
    store_.add(sit->second, values_, t);
    aggregated = true;
    if (closed) {
      emit_row(ctx, start, end, true, group, sit->second, RowKind::Update);
    } else if (config_.emit == EmitMode::Update) {
      emit_row(ctx, start, end, true, group, sit->second, RowKind::Partial);
    }
  }
  if (aggregated) {
    ++*aggregated_;
  } else {
    send_late(record, ctx);
  }
  groups_.release(group);
  if (config_.processing_time) {
    if (processing_watermark_ == kNoTime || t > processing_watermark_) processing_watermark_ = t;
    advance(processing_watermark_, ctx);
  }
  if (config_.emit == EmitMode::Early && early_due(ctx.now())) emit_open(ctx, RowKind::Partial);
}

void TimeWindows::on_watermark(Nanos watermark, Context& ctx) {
  if (!config_.processing_time) advance(watermark, ctx);
}

void TimeWindows::on_idle(Nanos now, Context& ctx) {
  if (config_.processing_time) {
    if (processing_watermark_ == kNoTime || now > processing_watermark_) processing_watermark_ = now;
    advance(processing_watermark_, ctx);
  }
  if (early_due(now)) emit_open(ctx, RowKind::Partial);
}

void TimeWindows::advance(Nanos watermark, Context& ctx) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    const Nanos end = it->first + config_.size;
    if (end > watermark) break;
    if (!it->second.emitted) {
      emit_groups(ctx, it->first, end, it->second.states, RowKind::Final);
      it->second.emitted = true;
      last_emitted_groups_ = it->second.states.size();
    }
    if (end + config_.allowed_lateness <= watermark) {
      auto next = std::next(it);
      drop(it);
      it = next;
    } else {
      ++it;
    }
  }
}

void TimeWindows::drop(Windows::iterator it) {
  for (const auto& [group, state] : it->second.states) {
    store_.release(state);
    groups_.release(group);
  }
  windows_.erase(it);
}

void TimeWindows::emit_open(Context& ctx, RowKind kind) {
  for (auto& [start, window] : windows_) {
    if (!window.emitted) emit_groups(ctx, start, start + config_.size, window.states, kind);
  }
}

bool TimeWindows::evict_oldest(Context& ctx) {
  if (windows_.empty()) return false;
  auto it = windows_.begin();
  if (!it->second.emitted) emit_groups(ctx, it->first, it->first + config_.size, it->second.states, RowKind::Final);
  drop(it);
  return true;
}

void TimeWindows::on_end(EndKind kind, Context& ctx) {
  if (kind == EndKind::Final || config_.flush_at_end) {
    emit_open(ctx, RowKind::Final);
    while (!windows_.empty()) drop(windows_.begin());
  }
  flush_late();
}

void TimeWindows::report_status(StatusSink& sink) const {
  uint64_t open = 0;
  const Windows::value_type* oldest = nullptr;
  for (const auto& entry : windows_) {
    if (entry.second.emitted) continue;
    if (!oldest) oldest = &entry;
    ++open;
  }
  sink.gauge("open_windows", open);
  sink.gauge("kept_windows", windows_.size() - open);  // emitted, kept for --allowed-lateness
  sink.gauge("groups", store_.live());
  if (oldest) {
    sink.pending("window", oldest->first, oldest->first + config_.size, oldest->second.states.size(), lateness_hint());
  }
}

void TimeWindows::snapshot_windows(StateWriter& out) const {
  out.svarint(processing_watermark_);
  out.count(windows_.size());
  for (const auto& [start, window] : windows_) {
    out.svarint(start);
    out.boolean(window.emitted);
    out.count(window.states.size());
    for (const auto& [group, state] : window.states) {
      out.str(groups_.key(group));
      store_.snapshot_state(state, out);
    }
  }
}

void TimeWindows::restore_windows(StateReader& in) {
  processing_watermark_ = in.svarint();
  size_t n = in.count(3);
  for (size_t i = 0; i < n; ++i) {
    Nanos start = in.svarint();
    Window& window = windows_[start];
    window.emitted = in.boolean();
    size_t groups = in.count(2);
    for (size_t g = 0; g < groups; ++g) {
      GroupId group = groups_.intern(in.str());
      groups_.retain(group);
      window.states[group] = store_.restore_state(in);
    }
  }
}

}  // namespace sp
