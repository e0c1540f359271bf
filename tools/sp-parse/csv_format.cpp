#include "tools/sp-parse/csv_format.h"

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
}

CsvFormatReader::CsvFormatReader(CsvFormatOptions options)
    : options_(std::move(options)),
      parser_(CsvDialect{.delimiter = options_.delimiter}),
      header_pending_(options_.header),
      fixed_names_(!options_.columns.empty()),
      names_(options_.columns),
      row_json_(options_.delimiter) {
  names_changed();
}

std::string_view CsvFormatReader::name_at(size_t i) {
  while (names_.size() <= i) names_.push_back(std::to_string(names_.size() + 1));
  return names_[i];
}

void CsvFormatReader::set_header(const std::vector<std::string_view>& fields) {
  header_pending_ = false;
  if (fixed_names_) return;  // --columns replaces the header
  names_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name = fields[i].empty() ? std::to_string(i + 1) : std::string(fields[i]);
    std::string unique = name;
    for (int n = 2;; ++n) {
      bool taken = false;
      for (const auto& other : names_) taken = taken || other == unique;
      if (!taken) break;
      unique = name + "_" + std::to_string(n);
    }
    names_.push_back(std::move(unique));
  }
  fixed_names_ = true;
  names_changed();
}

// The line break(s) between the previous line and `next` inside a quoted
// field. The driver strips CR and skips empty lines, but its offsets and line
// numbers still tell how many line ends there were and how many had a CR.
void CsvFormatReader::compute_break(const Record& next) {
  break_.clear();
  uint64_t ends = next.line > prev_line_ ? next.line - prev_line_ : 1;
  uint64_t gap = next.offset >= prev_end_ ? next.offset - prev_end_ : ends;
  uint64_t crs = gap >= ends && gap <= 2 * ends ? gap - ends : 0;
  for (uint64_t i = 0; i < ends; ++i) break_.append(i < crs ? "\r\n" : "\n");
}

// Most lines are one whole row: written straight to JSON when the sink takes
// that (see CsvJsonRow), else (or when it declines) by the general path.
bool CsvFormatReader::write_json_row(const Record& line, RecordSink& sink) {
  if (first_line_ || header_pending_ || parser_.pending()) return false;
  char* out = sink.json_area(row_json_.max_size(line.text.size()));
  if (!out) return false;
  size_t size = row_json_.write(line.text, out);
  if (size == 0) return false;
  start_offset_ = line.offset;
  start_line_ = line.line;
  prev_end_ = line.offset + line.text.size();
  prev_line_ = line.line;
  sink.on_json(size);
  return true;
}

void CsvFormatReader::feed(const Record& line, RecordSink& sink) {
  if (write_json_row(line, sink)) return;
  std::string_view text = line.text;
  if (first_line_) {
    first_line_ = false;
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  }
  CsvParser::Status status;
  if (parser_.pending()) {
    compute_break(line);
    raw_.append(break_);
    raw_.append(text);
    status = parser_.feed(text, break_);
  } else {
    start_offset_ = line.offset;
    start_line_ = line.line;
    status = parser_.feed(text);
    if (status == CsvParser::Status::NeedMore) raw_.assign(text);
  }
  prev_end_ = line.offset + line.text.size();
  prev_line_ = line.line;
  bool multi = line.line != start_line_;
  std::string_view raw = multi ? std::string_view(raw_) : text;
  switch (status) {
    case CsvParser::Status::NeedMore:
      return;
    case CsvParser::Status::Error:
      sink.on_bad(Record{raw, start_offset_, start_line_, kNoTime}, parser_.error());
      return;
    case CsvParser::Status::Row:
      on_row(sink, raw);
      return;
  }
}

void CsvFormatReader::on_row(RecordSink& sink, std::string_view raw) {
  const auto& fields = parser_.fields();
  if (header_pending_) {
    set_header(fields);
    return;
  }
  if (fixed_names_ && fields.size() != names_.size()) {
    std::string reason = "row has " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
                         ", " + (options_.columns.empty() ? "the header has " : "--columns names ") +
                         std::to_string(names_.size());
    sink.on_bad(Record{raw, start_offset_, start_line_, kNoTime}, reason);
    return;
  }
  record_.fields.clear();
  // Grow the positional names first: growing names_ moves its strings, and
  // short names live inside them, so views taken before would dangle.
  if (fields.size() > names_.size()) {
    name_at(fields.size() - 1);
    names_changed();
  }
  for (size_t i = 0; i < fields.size(); ++i) record_.fields.push_back(Field{name_at(i), fields[i], ValueKind::String});
  record_.offset = start_offset_;
  record_.line = start_line_;
  record_.raw = raw;
  sink.on_parsed(record_);
}

void CsvFormatReader::finish(RecordSink& sink) {
  if (!parser_.pending()) return;
  parser_.finish();
  sink.on_bad(Record{raw_, start_offset_, start_line_, kNoTime}, parser_.error());
}

void CsvFormatReader::save(StateWriter& out) const {
  out.boolean(header_pending_);
  out.boolean(fixed_names_);
  out.boolean(first_line_);
  out.count(names_.size());
  for (const auto& n : names_) out.str(n);
  parser_.save(out);
  if (parser_.pending()) {
    out.u64(start_offset_);
    out.u64(start_line_);
    out.u64(prev_end_);
    out.u64(prev_line_);
    out.str(raw_);
  }
}

void CsvFormatReader::load(StateReader& in) {
  header_pending_ = in.boolean();
  fixed_names_ = in.boolean();
  first_line_ = in.boolean();
  names_.clear();
  size_t n = in.count();
  for (size_t i = 0; i < n; ++i) names_.emplace_back(in.str());
  names_changed();
  parser_.load(in);
  if (parser_.pending()) {
    start_offset_ = in.u64();
    start_line_ = in.u64();
    prev_end_ = in.u64();
    prev_line_ = in.u64();
    raw_ = std::string(in.str());
  }
}

}  // namespace sp
