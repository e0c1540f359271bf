#include "tools/sp-join/interval_join_operator.h"

#include <algorithm>
#include <limits>

#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/signals.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

constexpr Nanos kForever = std::numeric_limits<Nanos>::max();
constexpr uint32_t kStateVersion = 1;

// `text` without its closing brace (and trailing blanks); whether it has members.
std::string_view object_head(std::string_view text, bool& has_members) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
  if (end > 0 && text[end - 1] == '}') --end;
  std::string_view head = text.substr(0, end);
  size_t last = head.size();
  while (last > 0 && (head[last - 1] == ' ' || head[last - 1] == '\t' || head[last - 1] == '\n')) --last;
  has_members = !(last > 0 && head[last - 1] == '{');
  return head;
}

Nanos later(Nanos a, Nanos b) { return a == kNoTime ? b : b == kNoTime ? a : std::max(a, b); }

}  // namespace

IntervalJoinOperator::IntervalJoinOperator(JoinConfig config)
    : config_(std::move(config)),
      left_key_(config_.stream_keys),
      right_key_(config_.table_keys),
      right_(config_.right, config_.pipeline,
             EventTimeExtractor(config_.right_time_field, TimeFormat::parse(config_.time_format)),
             config_.max_record_size, config_.validate) {}

std::string IntervalJoinOperator::state_options() const {
  std::string on;
  for (size_t i = 0; i < config_.stream_keys.size(); ++i) {
    on += (i ? "," : "") + config_.stream_keys[i].text() + "=" + config_.table_keys[i].text();
  }
  const char* how = config_.how == How::Left ? "left" : config_.how == How::Right ? "right"
                    : config_.how == How::Outer ? "outer" : "inner";
  return "--right " + config_.right + " --on " + on + " --between " + std::to_string(config_.low) + "ns," +
         std::to_string(config_.high) + "ns --how " + how + " --time-field " + config_.left_time_field.text() +
         " --right-time-field " + config_.right_time_field.text() + " --max-delay " +
         std::to_string(config_.max_delay) + "ns";
}

void IntervalJoinOperator::register_counters(Context& ctx) {
  Stats& s = ctx.stats();
  uint64_t* right_in = &s.counter("right_records_in");
  uint64_t* right_rejected = &s.counter("right_rejected");
  right_.set_counters(right_in, right_rejected);
  matched_ = &s.counter("matched");
  unmatched_left_ = &s.counter("unmatched_left");
  unmatched_right_ = &s.counter("unmatched_right");
  missing_key_ = &s.counter("missing_key");
  late_ = &s.counter("late");
}

// While the input is quiet, right records below the left watermark can go:
// every left record still to come at or before them would be late.
Nanos IntervalJoinOperator::left_frontier() const { return left_ended_ ? kForever : left_wm_; }

Nanos IntervalJoinOperator::right_watermark() const {
  if (right_.ended()) return kForever;
  Nanos own = right_max_ == kNoTime ? kNoTime : right_max_ - config_.max_delay;
  return later(own, right_wm_received_);
}

bool IntervalJoinOperator::right_before(Nanos t, bool wait, Context& ctx) {
  while (true) {
    switch (right_.peek(wait)) {
      case RightStream::Head::Record:
        if (t == kNoTime || right_.time() >= t) return true;
        process_right(ctx);
        break;
      case RightStream::Head::Watermark:
        right_wm_received_ = later(right_wm_received_, right_.watermark());
        right_.pop();
        evict(ctx, false);
        break;
      case RightStream::Head::Ended:
        evict(ctx, false);
        return true;
      case RightStream::Head::Blocked:
      case RightStream::Head::NoData:
        return false;
    }
  }
}

void IntervalJoinOperator::process_right(Context& ctx) {
  Nanos t = right_.time();
  if (right_max_ == kNoTime || t > right_max_) right_max_ = t;
  add_and_match(false, t, right_.text(), right_.json(), ctx);
  right_.pop();
  evict(ctx, false);
}

void IntervalJoinOperator::process_left(Nanos t, std::string_view text, JsonRecord& json, Context& ctx) {
  if (left_wm_ != kNoTime && t < left_wm_) ++*late_;
  if (left_max_ == kNoTime || t > left_max_) left_max_ = t;
  add_and_match(true, t, text, json, ctx);
}

void IntervalJoinOperator::apply_left_watermark(Nanos w, Context& ctx) {
  left_wm_ = later(left_wm_, w);
  evict(ctx, false);
}

void IntervalJoinOperator::drain_left(bool wait, Context& ctx) {
  while (!left_queue_.empty()) {
    HeldLine& p = left_queue_.front();
    if (!p.is_record) {
      apply_left_watermark(p.time, ctx);
      left_queue_.pop_front();
      continue;
    }
    if (!right_before(p.time, wait, ctx)) return;
    left_padded_.assign(p.text);
    left_padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    (void)left_json_.load(std::string_view(left_padded_.data(), p.text.size()));  // it parsed when it came
    process_left(p.time, p.text, left_json_, ctx);
    left_queue_.pop_front();
  }
}

void IntervalJoinOperator::emit_pair(std::string_view left, std::string_view right, Context& ctx) {
  out_.clear();
  if (left.empty()) {
    out_ += "{\"right\":";
  } else {
    bool has_members = false;
    out_ += object_head(left, has_members);
    out_ += has_members ? ",\"right\":" : "\"right\":";
  }
  out_ += right;
  out_ += '}';
  ctx.emit(out_);
}

void IntervalJoinOperator::add_and_match(bool left, Nanos t, std::string_view text, JsonRecord& json, Context& ctx) {
  KeyStatus ks = (left ? left_key_ : right_key_).extract(json, text, key_buf_, problem_);
  if (ks != KeyStatus::Ok) {  // no key: can never match
    ++*missing_key_;
    if (left && (config_.how == How::Left || config_.how == How::Outer)) {
      ++*unmatched_left_;
      ctx.emit(text);
    } else if (!left && (config_.how == How::Right || config_.how == How::Outer)) {
      ++*unmatched_right_;
      emit_pair({}, text, ctx);
    } else {
      ++*(left ? unmatched_left_ : unmatched_right_);
    }
    return;
  }
  uint64_t h = hash64(key_buf_);
  Side& own = left ? left_ : right_side_;
  Side& other = left ? right_side_ : left_;
  bool matched = false;
  if (auto it = other.index.find(h); it != other.index.end()) {
    for (uint64_t seq : it->second) {
      Entry& e = other.at(seq);
      if (e.key != key_buf_) continue;
      Nanos d = left ? e.time - t : t - e.time;  // t_right - t_left
      if (d < config_.low || d > config_.high) continue;
      matched = true;
      e.matched = true;
      ++*matched_;
      if (left) {
        emit_pair(text, e.text, ctx);
      } else {
        emit_pair(e.text, text, ctx);
      }
    }
  }
  uint64_t seq = own.next_seq++;
  own.entries.push_back(Entry{t, seq, h, key_buf_, std::string(text), matched});
  own.index[h].push_back(seq);
}

void IntervalJoinOperator::evict_side(Side& side, bool left, Nanos bound, bool all, Context& ctx) {
  while (!side.entries.empty()) {
    Entry& e = side.entries.front();
    if (!all) {
      if (bound == kNoTime) break;
      // Left entry: no right record at or above the right watermark can match
      // once t_left + high < watermark; right entry: once t_right - low < left watermark.
      Nanos last = left ? (e.time > kForever - config_.high ? kForever : e.time + config_.high)
                        : e.time - config_.low;
      if (bound != kForever && !(last < bound)) break;
    }
    if (!e.matched) {
      if (left) {
        ++*unmatched_left_;
        if (config_.how == How::Left || config_.how == How::Outer) ctx.emit(e.text);
      } else {
        ++*unmatched_right_;
        if (config_.how == How::Right || config_.how == How::Outer) emit_pair({}, e.text, ctx);
      }
    }
    auto it = side.index.find(e.hash);
    auto& seqs = it->second;
    for (size_t i = 0; i < seqs.size(); ++i) {
      if (seqs[i] == e.seq) {
        seqs.erase(seqs.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
    if (seqs.empty()) side.index.erase(it);
    side.entries.pop_front();
    ++side.base;
  }
}

void IntervalJoinOperator::evict(Context& ctx, bool all) {
  evict_side(left_, true, right_watermark(), all, ctx);
  evict_side(right_side_, false, left_ended_ ? kForever : left_wm_, all, ctx);
}

void IntervalJoinOperator::on_record(const Record& record, Context& ctx) {
  if (!matched_) register_counters(ctx);
  Nanos t = record.event_time;
  if (t == kNoTime) {
    ctx.reject(record, "no event time");
    return;
  }
  if (left_queue_.empty() && right_before(t, true, ctx)) {
    process_left(t, record.text, ctx.json(), ctx);
    return;
  }
  left_queue_.push_back(HeldLine{true, t, std::string(record.text)});
  drain_left(true, ctx);
}

void IntervalJoinOperator::on_watermark(Nanos watermark, Context& ctx) {
  if (!matched_) register_counters(ctx);
  if (left_queue_.empty()) {
    apply_left_watermark(watermark, ctx);
  } else if (!left_queue_.back().is_record) {
    left_queue_.back().time = later(left_queue_.back().time, watermark);
  } else {
    left_queue_.push_back(HeldLine{false, watermark, {}});
  }
}

void IntervalJoinOperator::on_idle(Nanos, Context& ctx) {
  if (!matched_) register_counters(ctx);
  drain_left(false, ctx);
  if (left_queue_.empty()) right_before(left_frontier(), false, ctx);
}

bool IntervalJoinOperator::on_control(const ControlLine& control, Context&) {
  switch (control.kind) {
    case ControlLine::Kind::Barrier:
      // The snapshot is taken: the right may go past its barrier now.
      if (right_.blocked() && right_.barrier() == control.epoch) right_.unblock();
      break;
    case ControlLine::Kind::End:
      if (config_.left_from_member) left_end_marker_ = true;
      break;
    case ControlLine::Kind::Watermark:
      break;
  }
  return true;
}

void IntervalJoinOperator::align_barrier(uint64_t epoch, Context&) {
  if (config_.pipeline && right_.barrier() < epoch) right_.align_to(epoch);
}

Nanos IntervalJoinOperator::output_watermark(Nanos own) const {
  Nanos right = right_watermark();
  if (own == kNoTime || right == kNoTime) return kNoTime;
  return std::min(own, right);
}

void IntervalJoinOperator::on_end(EndKind kind, Context& ctx) {
  if (!matched_) register_counters(ctx);
  // A left input that will be resumed (a --checkpoint file that may grow)
  // keeps its open state; one that ended for good lets the right run out.
  if (kind != EndKind::Final && !left_end_marker_) {
    drain_left(true, ctx);
    return;
  }
  // The left ended, so it is aligned with every barrier the right brings:
  // first for the left records still held, then for the rest of the right.
  auto next_barrier = [&] {
    if (!right_.blocked()) return false;
    ctx.start_barrier(right_.barrier());
    return true;
  };
  while (drain_left(true, ctx), !left_queue_.empty()) {
    if (!next_barrier() && stop_requested()) return;
  }
  left_ended_ = true;
  while (!right_before(kForever, true, ctx)) {
    if (!next_barrier() && stop_requested()) return;
  }
  evict(ctx, kind == EndKind::Final);
}

// --- Checkpoints ---------------------------------------------------------------

void IntervalJoinOperator::write_side(StateWriter& out, const Side& side) {
  out.count(side.entries.size());
  for (const Entry& e : side.entries) {
    out.i64(e.time);
    out.str(e.key);
    out.str(e.text);
    out.boolean(e.matched);
  }
}

void IntervalJoinOperator::read_side(StateReader& in, Side& side) {
  side = Side{};
  size_t n = in.count(11);
  for (size_t i = 0; i < n; ++i) {
    Entry e;
    e.time = in.i64();
    e.key = std::string(in.str());
    e.text = std::string(in.str());
    e.matched = in.boolean();
    e.hash = hash64(e.key);
    e.seq = side.next_seq++;
    side.index[e.hash].push_back(e.seq);
    side.entries.push_back(std::move(e));
  }
}

void IntervalJoinOperator::snapshot(StateWriter& out) const {
  out.u32(kStateVersion);
  out.i64(left_max_);
  out.i64(left_wm_);
  out.i64(right_max_);
  out.i64(right_wm_received_);
  out.boolean(left_end_marker_);
  out.boolean(left_ended_);
  write_side(out, left_);
  write_side(out, right_side_);
  write_held(out, left_queue_);
  right_.snapshot(out);
}

void IntervalJoinOperator::restore(StateReader& in) {
  if (in.u32() != kStateVersion) throw CheckpointError("unknown interval join state version");
  left_max_ = in.i64();
  left_wm_ = in.i64();
  right_max_ = in.i64();
  right_wm_received_ = in.i64();
  left_end_marker_ = in.boolean();
  left_ended_ = in.boolean();
  read_side(in, left_);
  read_side(in, right_side_);
  read_held(in, left_queue_);
  right_.restore(in);
  in.expect_end();
}

}  // namespace sp
