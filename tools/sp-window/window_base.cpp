#include "tools/sp-window/window_base.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"
#include "libcommon/timestamp.h"

namespace sp {

namespace {
constexpr uint8_t kStateVersion = 1;

std::vector<bool> fields_needing_text(const WindowConfig& c) {
  std::vector<bool> needs(c.fields.size(), false);
  for (const auto& a : c.aggs) {
    bool text = a.fn == AggFn::First || a.fn == AggFn::Last || a.fn == AggFn::Distinct || a.fn == AggFn::ApproxDistinct;
    if (text && a.field >= 0) needs[static_cast<size_t>(a.field)] = true;
  }
  return needs;
}

}  // namespace

WindowBase::WindowBase(WindowConfig config)
    : config_(std::move(config)),
      values_(config_.by, config_.fields, fields_needing_text(config_)),
      store_(config_.aggs, config_.sketch) {
  for (const auto& f : config_.by) {
    std::string prefix = ",";
    append_json_string(prefix, f.text());
    by_prefixes_.push_back(prefix + ":");
  }
}

void WindowBase::bind_counters(Context& ctx) {
  if (aggregated_) return;
  Stats& s = ctx.stats();
  aggregated_ = &s.counter("aggregated");
  late_ = &s.counter("late");
  updates_ = &s.counter("updates");
  evicted_ = &s.counter("evicted");
  non_numeric_ = &s.counter("non_numeric_values");
  store_.count_non_numeric_in(*non_numeric_);
}

bool WindowBase::read_values(const Record& record, Context& ctx) {
  bind_counters(ctx);
  if (record.members) {
    values_.read_scanned(record.members);
    return true;
  }
  if (!values_.read(ctx.json(), reason_)) {
    ctx.reject(record, reason_);
    return false;
  }
  return true;
}

void WindowBase::emit_row(Context& ctx, Nanos start, Nanos end, bool has_times, GroupId group, StateId state,
                          RowKind kind) {
  bind_counters(ctx);
  row_.clear();
  char buf[kTimeBufferSize];
  const bool quoted = config_.time_out == TimeOutFormat::Rfc3339;
  auto time = [&](const char* prefix, Nanos t) {
    row_ += prefix;
    size_t n = format_time(t, config_.time_out, buf);
    if (quoted) row_ += '"';
    row_.append(buf, n);
    if (quoted) row_ += '"';
  };
  if (has_times) {
    // Rows of one window share their times: format them once.
    if (start != times_start_ || end != times_end_ || times_.empty()) {
      row_.clear();
      time("{\"window_start\":", start);
      time(",\"window_end\":", end);
      times_ = row_;
      times_start_ = start;
      times_end_ = end;
    }
    row_.assign(times_);
  }
  size_t i = 0;
  for_each_key_part(groups_.key(group), [&](std::string_view part) {
    row_ += by_prefixes_[i++];
    row_ += part;
  });
  store_.write(state, row_);
  if (kind == RowKind::Update) {
    row_ += ",\"update\":true";
    ++*updates_;
  }
  if (config_.emit != EmitMode::Final) row_ += kind == RowKind::Partial ? ",\"final\":false" : ",\"final\":true";
  row_ += '}';
  // Rows without times start with a member separator: make it the brace.
  if (!has_times) row_[0] = '{';
  ctx.emit(row_);
}

void WindowBase::send_late(const Record& record, Context& ctx) {
  bind_counters(ctx);
  ++*late_;
  if (config_.late_path.empty()) return;
  open_late();
  late_sink_->write_line(record.text);
}

// Opened on first use (after any restore, which says where to resume), and
// at the end of input at the latest, so the file exists even when empty.
void WindowBase::open_late() {
  if (late_sink_ || config_.late_path.empty()) return;
  OutputOptions o{.path = config_.late_path, .option = "--late", .truncate_to = late_sink_resume_};
  late_sink_ = std::make_unique<OutputSink>(std::move(o));
}

void WindowBase::make_room(Context& ctx, size_t needed) {
  bind_counters(ctx);
  while (store_.live() + needed > config_.max_groups) {
    if (config_.on_overflow == OnOverflow::Error) {
      throw DataError("more than " + std::to_string(config_.max_groups) +
                      " open window x group states (--max-groups); raise --max-groups, use shorter windows or "
                      "fewer --by keys, or pass --on-overflow emit-oldest");
    }
    if (!evict_oldest(ctx)) break;
    ++*evicted_;
  }
}

void WindowBase::flush_late() {
  open_late();
  if (late_sink_) late_sink_->flush();
}

// Zero-padded, so a key that is a proper prefix of another sorts first
// unless the other continues with NUL bytes; equal prefixes compare in full.
uint64_t WindowBase::key_prefix(std::string_view key) {
  uint64_t p = 0;
  if (key.size() >= 8) {  // most keys: one load
    std::memcpy(&p, key.data(), 8);
    return std::endian::native == std::endian::little ? __builtin_bswap64(p) : p;
  }
  for (size_t i = 0; i < key.size(); ++i) p |= uint64_t{static_cast<unsigned char>(key[i])} << (56 - 8 * i);
  return p;
}

void WindowBase::sort_groups() {
  std::sort(sorted_.begin(), sorted_.end(), [](const KeyedState& a, const KeyedState& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return a.key < b.key;
  });
}

bool WindowBase::early_due(Nanos now) {
  if (config_.emit != EmitMode::Early) return false;
  if (last_early_ == kNoTime) {
    last_early_ = now;
    return false;
  }
  if (now - last_early_ < config_.early_every) return false;
  last_early_ = now;
  return true;
}

void WindowBase::snapshot(StateWriter& out) const {
  out.u8(kStateVersion);
  // The --late file's length, so a resumed run cuts what it wrote after this
  // checkpoint (exactly-once for the side output too).
  uint64_t late_length = UINT64_MAX;
  if (late_sink_) {
    late_sink_->sync();
    late_length = late_sink_->bytes_written();
  } else if (late_sink_resume_ != UINT64_MAX) {
    late_length = late_sink_resume_;
  }
  out.u64(late_length);
  snapshot_windows(out);
}

void WindowBase::restore(StateReader& in) {
  if (in.u8() != kStateVersion) throw CheckpointError("checkpoint state has an unknown sp-window state version");
  late_sink_resume_ = in.u64();
  restore_windows(in);
  in.expect_end();
}

}  // namespace sp
