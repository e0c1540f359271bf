// sp-parse --from csv|tsv: rows of a CSV/TSV file (libcommon/csv_reader.h)
// into records whose fields are named by the header row, by --columns, or
// by position ("1", "2", ...). Values are strings.
//
// - The first row is the header unless --no-header. With --columns and a
//   header, the header row is read and replaced by --columns.
// - Duplicate header names get a suffix (a, a_2, a_3); an empty name becomes
//   the column's position. A UTF-8 BOM before the header is dropped.
// - A row whose field count differs from the header's (or --columns') is a
//   bad record: "row has 4 fields, the header has 3".
// - Line breaks inside quoted fields are kept as they were in the input
//   ("\n" or "\r\n"), reconstructed from the driver's offsets and line
//   numbers, including empty lines inside quotes.
// - A row on one line goes straight to JSON (csv_json_row.h) when the sink
//   takes records as JSON; the rest (the header, rows that span lines or are
//   bad) go through CsvParser.
#pragma once
#include <string>
#include <vector>

#include "libcommon/csv_reader.h"
#include "tools/sp-parse/csv_json_row.h"
#include "tools/sp-parse/reader_state.h"
#include "tools/sp-parse/record_model.h"

namespace sp {

struct CsvFormatOptions {
  char delimiter = ',';
  bool header = true;
  std::vector<std::string> columns;  // empty: from the header, or positions
};

class CsvFormatReader final : public FormatReader, public ReaderState {
 public:
  explicit CsvFormatReader(CsvFormatOptions options);

  void feed(const Record& line, RecordSink& sink) override;
  void finish(RecordSink& sink) override;
  bool has_pending() const override { return parser_.pending(); }

  void save(StateWriter& out) const override;
  void load(StateReader& in) override;

 private:
  bool write_json_row(const Record& line, RecordSink& sink);
  void on_row(RecordSink& sink, std::string_view raw);
  void set_header(const std::vector<std::string_view>& fields);
  std::string_view name_at(size_t i);
  void names_changed() { row_json_.set_names(names_); }
  void compute_break(const Record& next);

  CsvFormatOptions options_;
  CsvParser parser_;
  bool header_pending_;           // the next row is the header
  bool fixed_names_;              // names_ fixes the field count
  std::vector<std::string> names_;
  CsvJsonRow row_json_;  // the fast path for rows on one line, with names_
  bool first_line_ = true;
  // The row being read: where it starts, and (when it spans lines) its text.
  uint64_t start_offset_ = 0;
  uint64_t start_line_ = 0;
  uint64_t prev_end_ = 0;   // offset just past the last line's text
  uint64_t prev_line_ = 0;  // number of the last line
  std::string raw_;
  std::string break_;
  ParsedRecord record_;
};

}  // namespace sp
