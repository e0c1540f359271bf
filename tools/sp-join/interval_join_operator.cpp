#include "tools/sp-join/interval_join_operator.h"

#include <limits>

#include "libcommon/cli.h"
#include "libcommon/hash.h"
#include "libcommon/line_issue.h"

namespace sp {

namespace {

constexpr Nanos kForever = std::numeric_limits<Nanos>::max();

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

}  // namespace

IntervalJoinOperator::IntervalJoinOperator(JoinConfig config)
    : config_(std::move(config)),
      left_key_(config_.stream_keys),
      right_key_(config_.table_keys),
      right_time_(config_.right_time_field, TimeFormat::parse(config_.time_format)) {
  InputOptions in;
  in.path = config_.right;
  right_in_ = std::make_unique<InputReader>(in);
}

void IntervalJoinOperator::register_counters(Context& ctx) {
  Stats& s = ctx.stats();
  right_in_count_ = &s.counter("right_records_in");
  right_rejected_ = &s.counter("right_rejected");
  matched_ = &s.counter("matched");
  unmatched_left_ = &s.counter("unmatched_left");
  unmatched_right_ = &s.counter("unmatched_right");
  missing_key_ = &s.counter("missing_key");
  late_ = &s.counter("late");
}

void IntervalJoinOperator::pump_right(Nanos until, bool wait, Context& ctx) {
  while (true) {
    while (right_pos_ < right_lines_.size()) {
      const InputLine& line = right_lines_[right_pos_];
      Nanos t = kNoTime;
      if (line.issue != LineIssue::None || right_json_.load(line.text) ||
          !right_time_.extract(right_json_, t, problem_)) {
        if (line.issue != LineIssue::None) {
          problem_ = describe_issue(line.issue);
        } else if (problem_.empty()) {
          problem_ = "not a JSON object";
        }
        ++*right_in_count_;
        ++*right_rejected_;
        report("sp-join", right_in_->name() + ":" + std::to_string(line.line) + " (byte " +
                              std::to_string(line.offset) + "): rejected: " + problem_);
        problem_.clear();
        ++right_pos_;
        continue;
      }
      if (until != kNoTime && t >= until) return;
      ++*right_in_count_;
      ++right_pos_;
      if (right_max_ == kNoTime || t > right_max_) right_max_ = t;
      add_and_match(false, t, line.text, ctx);
      evict(ctx, false);
    }
    if (right_ended_) return;
    right_lines_.clear();
    right_pos_ = 0;
    ReadStatus status = right_in_->next_batch(right_lines_, wait ? -1 : 0);
    if (status == ReadStatus::End && right_lines_.empty()) {
      right_ended_ = true;
      evict(ctx, false);
      return;
    }
    if (status == ReadStatus::End) right_ended_ = true;
    if (status == ReadStatus::Idle && right_lines_.empty()) return;
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

void IntervalJoinOperator::add_and_match(bool left, Nanos t, std::string_view text, Context& ctx) {
  JsonRecord& json = left ? ctx.json() : right_json_;
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
  Side& own = left ? left_ : right_;
  Side& other = left ? right_ : left_;
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
  own.entries.push_back(Entry{t, seq, h, key_buf_, std::string(text), matched, false});
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
  Nanos right_wm = right_ended_ ? kForever
                   : right_max_ == kNoTime ? kNoTime : right_max_ - config_.max_delay;
  evict_side(left_, true, right_wm, all, ctx);
  evict_side(right_, false, left_wm_, all, ctx);
}

void IntervalJoinOperator::on_record(const Record& record, Context& ctx) {
  if (!matched_) register_counters(ctx);
  Nanos t = record.event_time;
  if (t == kNoTime) {
    ctx.reject(record, "no event time");
    return;
  }
  pump_right(t, false, ctx);
  if (left_wm_ != kNoTime && t < left_wm_) ++*late_;
  if (left_max_ == kNoTime || t > left_max_) left_max_ = t;
  add_and_match(true, t, record.text, ctx);
}

void IntervalJoinOperator::on_watermark(Nanos watermark, Context& ctx) {
  if (!matched_) register_counters(ctx);
  left_wm_ = watermark;
  evict(ctx, false);
}

void IntervalJoinOperator::on_idle(Nanos now, Context& ctx) {
  if (!matched_) register_counters(ctx);
  pump_right(kNoTime, false, ctx);
  evict(ctx, false);
}

void IntervalJoinOperator::on_end(EndKind kind, Context& ctx) {
  if (!matched_) register_counters(ctx);
  pump_right(kNoTime, true, ctx);
  left_wm_ = kForever;
  evict(ctx, true);
}

}  // namespace sp
