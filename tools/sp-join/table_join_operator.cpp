#include "tools/sp-join/table_join_operator.h"

#include "libcommon/cli.h"
#include "libcommon/errors.h"
#include "libcommon/json_writer.h"

namespace sp {

namespace {

constexpr Nanos kReloadInterval = 1'000'000'000;
constexpr uint32_t kRecordsPerClockCheck = 1024;

// The record text up to (not including) its closing brace, and whether the
// object has members. False when the text does not end in '}'.
bool open_object(std::string_view text, std::string_view& head, bool& has_members) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
  if (end == 0 || text[end - 1] != '}') return false;
  head = text.substr(0, end - 1);
  size_t last = head.size();
  while (last > 0 && (head[last - 1] == ' ' || head[last - 1] == '\t' || head[last - 1] == '\n' ||
                      head[last - 1] == '\r')) {
    --last;
  }
  has_members = !(last > 0 && head[last - 1] == '{');
  return true;
}

}  // namespace

TableJoinOperator::TableJoinOperator(JoinConfig config)
    : config_(std::move(config)), key_(config_.stream_keys) {
  if (config_.reload) file_id_ = stat_table(config_.table);
  table_ = std::make_unique<JoinTable>(config_);
  clash_mark_.assign(table_->names().size(), 0);
}

TableJoinOperator::FileId TableJoinOperator::stat_table(const std::string& path) {
  FileId id;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return id;
  id.dev = st.st_dev;
  id.ino = st.st_ino;
  id.size = st.st_size;
  id.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return id;
}

void TableJoinOperator::register_counters(Context& ctx) {
  Stats& s = ctx.stats();
  table_rows_ = &s.counter("table_rows");
  matched_ = &s.counter("matched");
  unmatched_ = &s.counter("unmatched");
  missing_key_ = &s.counter("missing_key");
  if (config_.reload) {
    reloads_ = &s.counter("reloads");
    reload_failures_ = &s.counter("reload_failures");
  }
  *table_rows_ = table_->size();
}

void TableJoinOperator::maybe_reload(Nanos now, Context& ctx) {
  if (now - last_check_ < kReloadInterval && last_check_ != 0) return;
  last_check_ = now;
  FileId id = stat_table(config_.table);
  if (id == file_id_) return;
  file_id_ = id;
  if (id.size < 0) {
    report("sp-join", "--table " + config_.table + ": cannot find the table for --reload; keeping the loaded "
                      "table until the file is back");
    ++*reload_failures_;
    return;
  }
  try {
    auto fresh = std::make_unique<JoinTable>(config_);
    table_ = std::move(fresh);
    clash_mark_.assign(table_->names().size(), 0);
    *table_rows_ = table_->size();
    ++*reloads_;
  } catch (const std::exception& e) {
    report("sp-join", std::string("--reload: keeping the previous table: ") + e.what());
    ++*reload_failures_;
  }
}

void TableJoinOperator::on_idle(Nanos now, Context& ctx) {
  if (!matched_) register_counters(ctx);
  if (config_.reload) maybe_reload(now, ctx);
}

void TableJoinOperator::on_end(EndKind, Context& ctx) {
  if (!matched_) register_counters(ctx);
}

// No operator state, but a resumed run must shape its output like the first.
std::string TableJoinOperator::state_options() const {
  std::string s = "sp-join table how=" + std::to_string(static_cast<int>(config_.how)) + " on=";
  for (size_t i = 0; i < config_.stream_keys.size(); ++i) {
    s += config_.stream_keys[i].text() + "=" + config_.table_keys[i].text() + ",";
  }
  s += " fields=";
  for (const std::string& f : config_.fields) s += f + ",";
  s += " prefix=" + config_.prefix + " fill_null=" + (config_.fill_null ? "1" : "0");
  return s;
}

bool TableJoinOperator::find_clashes(Context& ctx, const Record& record) {
  clash_ids_.clear();
  auto& doc = ctx.json().document();
  doc.rewind();
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return false;
  for (auto field : object) {
    simdjson::ondemand::raw_json_string raw;
    if (field.key().get(raw)) break;
    if (!table_->may_start_name(*raw.raw())) continue;  // most keys stop here, not unescaped
    std::string_view name;
    if (field.unescaped_key().get(name)) break;
    if (!table_->may_be_name(name)) continue;
    int id = table_->name_id(name);
    if (id >= 0) clash_ids_.push_back(static_cast<uint32_t>(id));
  }
  (void)record;
  return !clash_ids_.empty();
}

UsageError TableJoinOperator::clash_error(const Record& record, const Context& ctx) const {
  return UsageError(ctx.locate(record) + ": field '" + table_->names()[clash_ids_[0]] +
                    "' is both in the stream record and added from the table: add --prefix P, narrow --fields, "
                    "or pass --on-clash keep-stream|keep-table");
}

void TableJoinOperator::emit_joined(std::string_view text, std::string_view members, uint32_t row, Context& ctx) {
  std::string_view head;
  bool has_members = false;
  open_object(text, head, has_members);
  out_.clear();
  if (clash_ids_.empty()) {
    out_ += head;
    if (has_members && !members.empty()) out_ += ',';
    out_ += members;
    out_ += '}';
    ctx.emit(out_);
    return;
  }
  for (uint32_t id : clash_ids_) clash_mark_[id] = 1;
  bool first = true;
  auto add_table_members = [&](bool skip_clashes) {
    if (row != JoinTable::kNone) {
      const JoinTable::Row& r = table_->row(row);
      const JoinTable::Member* m = table_->member_begin(r);
      for (uint32_t i = 0; i < r.member_count; ++i, ++m) {
        if (skip_clashes && clash_mark_[m->name_id]) continue;
        if (!first) out_ += ',';
        first = false;
        out_ += table_->member_text(*m);
      }
    } else {
      for (size_t id = 0; id < table_->names().size(); ++id) {
        if (skip_clashes && clash_mark_[id]) continue;
        if (!first) out_ += ',';
        first = false;
        append_json_string(out_, table_->names()[id]);
        out_ += ":null";
      }
    }
  };
  if (config_.on_clash == OnClash::KeepStream) {
    out_ += head;
    first = !has_members;
    add_table_members(true);
  } else {  // KeepTable: rebuild the stream record without the clashing members
    out_ += '{';
    auto& doc = ctx.json().document();
    doc.rewind();
    simdjson::ondemand::object object;
    if (!doc.get_object().get(object)) {
      for (auto field : object) {
        std::string_view name;
        simdjson::ondemand::value value;
        std::string_view raw;
        if (field.unescaped_key().get(name) || field.value().get(value) || raw_json_of(value, raw)) break;
        int id = table_->name_id(name);
        if (id >= 0 && clash_mark_[id]) continue;
        if (!first) out_ += ',';
        first = false;
        append_json_string(out_, name);
        out_ += ':';
        out_ += raw;
      }
    }
    add_table_members(false);
  }
  out_ += '}';
  for (uint32_t id : clash_ids_) clash_mark_[id] = 0;
  ctx.emit(out_);
}

void TableJoinOperator::on_record(const Record& record, Context& ctx) {
  if (!matched_) register_counters(ctx);
  if (config_.reload && ++since_check_ >= kRecordsPerClockCheck) {
    since_check_ = 0;
    maybe_reload(ctx.now(), ctx);
  }
  KeyStatus ks = key_.extract(ctx.json(), record.text, key_buf_, problem_);
  if (ks == KeyStatus::Invalid) {
    ctx.reject(record, problem_);
    return;
  }
  // The index slot loads while the record's shape is checked.
  const uint64_t hash = ks == KeyStatus::Ok ? table_->prefetch(key_buf_) : 0;
  std::string_view head;
  bool has_members = false;
  if (!open_object(record.text, head, has_members)) {
    ctx.reject(record, "not a JSON object");
    return;
  }
  JoinTable::Match match;
  bool clashes_known = false;
  bool clashes_found = false;
  if (ks == KeyStatus::Ok) {
    // Looking for clashes needs no table row: it runs while the row's bytes
    // load (locate() asks for them). Without a slot there is no match, and
    // only --fill-null output (below) needs to know of clashes.
    const JoinTable::Head* slot = table_->locate(hash);
    if (slot != nullptr && config_.how != How::Anti) {
      clashes_found = find_clashes(ctx, record);
      clashes_known = true;
    }
    match = table_->find(key_buf_, slot);
  } else {
    ++*missing_key_;
  }
  if (match.row == JoinTable::kNone) {
    ++*unmatched_;
    if (config_.how == How::Inner) return;
    if (config_.fill_null && !table_->null_members().empty()) {
      if (!clashes_known) clashes_found = find_clashes(ctx, record);
      if (clashes_found && config_.on_clash == OnClash::Error) throw clash_error(record, ctx);
      emit_joined(record.text, table_->null_members(), JoinTable::kNone, ctx);
    } else {
      ctx.emit(record.text);
    }
    return;
  }
  ++*matched_;
  if (config_.how == How::Anti) return;
  if (clashes_found && config_.on_clash == OnClash::Error) throw clash_error(record, ctx);
  emit_joined(record.text, match.members, match.row, ctx);
  if (config_.table_dups != TableDups::All) return;
  for (uint32_t r = table_->next_match(match.row, key_buf_); r != JoinTable::kNone; r = table_->next_match(r, key_buf_)) {
    emit_joined(record.text, table_->members_of(table_->row(r)), r, ctx);
  }
}

}  // namespace sp
