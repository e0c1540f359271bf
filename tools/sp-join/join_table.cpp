#include "tools/sp-join/join_table.h"

#include "libcommon/csv_reader.h"
#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/input.h"
#include "libcommon/json_writer.h"
#include "libcommon/line_issue.h"
#include "tools/sp-join/join_key.h"

namespace sp {

namespace {

std::string show_key(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    if (c == '\x1e') c = ',';
  }
  return out;
}

const char* dups_hint = "; choose --table-dups first, last or all to accept duplicate keys";
// A bad row of the table at `position`. The whole table is loaded before a
// join starts (or a --reload replaces it), so the fix is in the file.
DataError bad_row_error(const std::string& position, std::string_view what) {
  if (what.ends_with('.')) what.remove_suffix(1);  // simdjson's messages end in one
  return DataError(position + ": " + std::string(what) + "; fix or remove that row of the --table file");
}

// "a,b,c" for the header's columns, for an error that names a missing one.
std::string list_columns(const std::vector<std::string>& header) {
  std::string out;
  for (const std::string& name : header) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

InputOptions table_input(const JoinConfig& config) {
  InputOptions in;
  in.path = config.table;
  in.option = "--table";
  in.max_record_size = config.max_record_size;
  if (config.table_format == TableFormat::Ndjson) in.check = LineCheck::JsonObject;
  return in;
}

}  // namespace

JoinTable::JoinTable(const JoinConfig& config) : table_name_(config.table), prefix_(config.prefix) {
  for (const std::string& f : config.fields) intern(f);
  if (config.table_format == TableFormat::Ndjson) {
    load_ndjson(config);
  } else {
    load_csv(config, config.table_format == TableFormat::Csv ? ',' : '\t');
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    if (i) null_members_ += ',';
    append_json_string(null_members_, names_[i]);
    null_members_ += ":null";
  }
}

uint32_t JoinTable::intern(std::string_view raw_name) {
  name_buf_.assign(prefix_);
  name_buf_ += raw_name;
  auto [it, inserted] = name_ids_.try_emplace(name_buf_, static_cast<uint32_t>(names_.size()));
  if (inserted) {
    names_.push_back(name_buf_);
    quoted_names_.emplace_back();
    append_json_string(quoted_names_.back(), name_buf_);
    if (name_buf_.size() < 64) name_lengths_ |= uint64_t{1} << name_buf_.size();
    for (char c : {name_buf_.empty() ? '"' : name_buf_[0], '\\'}) {
      const auto u = static_cast<unsigned char>(c);
      name_first_bytes_[u >> 6] |= uint64_t{1} << (u & 63);
    }
  }
  return it->second;
}

int JoinTable::name_id(std::string_view name) const {
  auto it = name_ids_.find(absl::string_view(name.data(), name.size()));
  return it == name_ids_.end() ? -1 : static_cast<int>(it->second);
}

void JoinTable::begin_row() {
  row_start_ = arena_.size();
  row_first_member_ = static_cast<uint32_t>(members_.size());
}

void JoinTable::add_member(uint32_t name_id, std::string_view value_json) {
  if (members_.size() > row_first_member_) arena_ += ',';
  uint64_t offset = arena_.size();
  arena_ += quoted_names_[name_id];
  arena_ += ':';
  arena_ += value_json;
  members_.push_back({name_id, static_cast<uint32_t>(arena_.size() - offset), offset});
}

void JoinTable::finish_row(std::string_view key, uint64_t line, uint64_t offset, const JoinConfig& config) {
  Row r;
  r.members_offset = row_start_;
  r.members_length = static_cast<uint32_t>(arena_.size() - row_start_);
  r.first_member = row_first_member_;
  r.member_count = static_cast<uint32_t>(members_.size() - row_first_member_);
  r.key_offset = arena_.size();
  r.key_length = static_cast<uint32_t>(key.size());
  r.line = line;
  r.next = kNone;
  arena_ += key;
  uint64_t h = hash64(key);
  const auto row_id = static_cast<uint32_t>(rows_.size());
  auto [it, inserted] = index_.try_emplace(h, Head{r.key_offset, r.key_length, r.members_length, row_id});
  if (inserted) {
    rows_.push_back(r);
    return;
  }
  uint32_t last = kNone;
  for (uint32_t i = it->second.row; i != kNone; i = rows_[i].next) {
    last = i;
    if (!key_equals(rows_[i], key) || config.table_dups == TableDups::All) continue;
    switch (config.table_dups) {
      case TableDups::Error:
        throw DataError(input_position(table_name_, line, offset) + ": key " + show_key(key) +
                        " is also on line " + std::to_string(rows_[i].line) + dups_hint);
      case TableDups::First:
        arena_.resize(row_start_);
        members_.resize(row_first_member_);
        return;
      case TableDups::Last: {
        r.next = rows_[i].next;
        rows_[i] = r;
        if (it->second.row == i) it->second = Head{r.key_offset, r.key_length, r.members_length, i};
        return;
      }
      case TableDups::All:
        break;
    }
  }
  rows_[last].next = row_id;
  rows_.push_back(r);
}

void JoinTable::load_ndjson(const JoinConfig& config) {
  InputReader reader(table_input(config));
  JsonRecord json;
  JoinKey key(config.table_keys);
  std::vector<std::string_view> key_names;
  for (const FieldPath& k : config.table_keys) {
    if (k.segments().size() == 1) key_names.push_back(k.segments()[0]);
  }
  std::vector<std::string_view> slots(config.fields.size());
  std::vector<InputLine> lines;
  std::string problem;
  while (true) {
    lines.clear();
    ReadStatus status = reader.next_batch(lines, -1);
    for (const InputLine& line : lines) {
      auto bad_row = [&](std::string_view what) {
        return bad_row_error(input_position(table_name_, line.line, line.offset), what);
      };
      if (line.issue != LineIssue::None) throw bad_row(describe_issue(line));
      if (auto error = json.load(line.text)) {
        throw bad_row(std::string("invalid JSON: ") + simdjson::error_message(error));
      }
      KeyStatus ks = key.extract(json, line.text, key_buf_, problem);
      if (ks == KeyStatus::Invalid) throw bad_row(problem);
      if (ks == KeyStatus::Missing) {
        ++rows_without_key_;
        continue;
      }
      begin_row();
      auto& doc = json.document();
      doc.rewind();
      simdjson::ondemand::object object;
      if (doc.get_object().get(object)) throw bad_row("not a JSON object");
      std::fill(slots.begin(), slots.end(), std::string_view());
      for (auto field : object) {
        std::string_view name;
        simdjson::ondemand::value value;
        std::string_view raw;
        if (field.unescaped_key().get(name) || field.value().get(value) || raw_json_of(value, raw)) {
          throw bad_row("invalid JSON");
        }
        if (config.fields.empty()) {
          bool is_key = false;
          for (std::string_view k : key_names) is_key |= (k == name);
          if (!is_key) add_member(intern(name), raw);
        } else {
          for (size_t i = 0; i < config.fields.size(); ++i) {
            if (config.fields[i] == name) slots[i] = raw;
          }
        }
      }
      for (size_t i = 0; i < slots.size(); ++i) {
        add_member(static_cast<uint32_t>(i), slots[i].empty() ? std::string_view("null") : slots[i]);
      }
      finish_row(key_buf_, line.line, line.offset, config);
    }
    if (status == ReadStatus::End) break;
  }
}

void JoinTable::load_csv(const JoinConfig& config, char delimiter) {
  InputReader reader(table_input(config));
  CsvDialect dialect;
  dialect.delimiter = delimiter;
  CsvParser parser(dialect);
  std::vector<std::string> header;
  std::vector<int> key_columns;
  std::vector<int> field_columns;  // per added member: the column
  std::vector<uint32_t> field_ids;
  std::vector<InputLine> lines;
  std::string value;
  uint64_t row_line = 0;  // where the row being parsed starts (a quoted field may span lines)
  uint64_t row_offset = 0;
  auto bad_row = [&](std::string_view what) {
    return bad_row_error(input_position(table_name_, row_line, row_offset), what);
  };
  while (true) {
    lines.clear();
    ReadStatus status = reader.next_batch(lines, -1);
    for (const InputLine& line : lines) {
      if (!parser.pending()) {
        row_line = line.line;
        row_offset = line.offset;
      }
      if (line.issue != LineIssue::None) throw bad_row(describe_issue(line));
      CsvParser::Status s = parser.feed(line.text);
      if (s == CsvParser::Status::NeedMore) continue;
      if (s == CsvParser::Status::Error) throw bad_row(parser.error());
      const auto& f = parser.fields();
      if (header.empty()) {
        for (std::string_view name : f) header.emplace_back(name);
        auto missing_column = [&](const std::string& name, const char* option) {
          return DataError(input_position(table_name_, row_line, row_offset) + ": the header has no column '" + name +
                           "' (from " + option + "); name one of: " + list_columns(header));
        };
        auto column = [&](const std::string& name) {
          for (size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) return static_cast<int>(i);
          }
          return -1;
        };
        for (const FieldPath& k : config.table_keys) {
          int c = column(k.segments()[0]);
          if (c < 0) throw missing_column(k.text(), "--on");
          key_columns.push_back(c);
        }
        if (config.fields.empty()) {
          for (size_t i = 0; i < header.size(); ++i) {
            bool is_key = false;
            for (int k : key_columns) is_key |= (k == static_cast<int>(i));
            if (is_key) continue;
            field_columns.push_back(static_cast<int>(i));
            field_ids.push_back(intern(header[i]));
          }
        } else {
          for (size_t i = 0; i < config.fields.size(); ++i) {
            int c = column(config.fields[i]);
            if (c < 0) throw missing_column(config.fields[i], "--fields");
            field_columns.push_back(c);
            field_ids.push_back(static_cast<uint32_t>(i));
          }
        }
        continue;
      }
      if (f.size() != header.size()) {
        throw bad_row("row has " + std::to_string(f.size()) + " fields, the header has " +
                      std::to_string(header.size()));
      }
      key_buf_.clear();
      for (size_t i = 0; i < key_columns.size(); ++i) {
        if (i) key_buf_ += '\x1e';
        append_json_string(key_buf_, f[key_columns[i]]);
      }
      begin_row();
      for (size_t i = 0; i < field_columns.size(); ++i) {
        value.clear();
        append_json_string(value, f[field_columns[i]]);
        add_member(field_ids[i], value);
      }
      finish_row(key_buf_, row_line, row_offset, config);
    }
    if (status == ReadStatus::End) break;
  }
  if (parser.finish() == CsvParser::Status::Error) throw bad_row(parser.error());
}

const JoinTable::Head* JoinTable::locate(uint64_t hash) const {
  auto it = index_.find(hash);
  if (it == index_.end()) return nullptr;
  const Head& head = it->second;
  // The members end where the key starts: usually one or two cache lines.
  const char* key = arena_.data() + head.key_offset;
  __builtin_prefetch(key - head.members_length);
  __builtin_prefetch(key);
  return &head;
}

JoinTable::Match JoinTable::find(std::string_view key, const Head* head) const {
  if (head == nullptr) return {};
  if (std::string_view(arena_.data() + head->key_offset, head->key_length) == key) {
    return {head->row, {arena_.data() + head->key_offset - head->members_length, head->members_length}};
  }
  uint32_t i = next_match(head->row, key);  // another key with the same hash
  if (i == kNone) return {};
  return {i, members_of(rows_[i])};
}

uint32_t JoinTable::next_match(uint32_t row, std::string_view key) const {
  for (uint32_t i = rows_[row].next; i != kNone; i = rows_[i].next) {
    if (key_equals(rows_[i], key)) return i;
  }
  return kNone;
}

size_t JoinTable::memory_bytes() const {
  return arena_.capacity() + rows_.capacity() * sizeof(Row) + members_.capacity() * sizeof(Member) +
         index_.capacity() * (sizeof(std::pair<uint64_t, uint32_t>) + 1);
}

}  // namespace sp
