// CSV and TSV rows per RFC 4180, read one physical line at a time: quoted
// fields, doubled quotes, and delimiters and line breaks inside quotes (a
// quoted field may span lines). Shared by sp-parse (--from csv|tsv) and
// sp-join (tables).
//
// Leniencies (what real files need, as Python's csv module does): a quote
// inside an unquoted field is an ordinary character (`5" screen`); lines may
// end in CRLF or LF. Strict: text after a closing quote other than a
// delimiter or the end of the line is an error (`"ab"cd`), and so is a
// quoted field still open at the end of the input or longer than
// max_pending bytes.
//
// No allocation per row once warmed up: fields are views into the line when
// their bytes are there as they are; fields with doubled quotes, and rows
// that span lines, are unescaped into one reused buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sp {

class StateWriter;
class StateReader;

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  // A row still inside a quoted field past this many bytes is an error (an
  // unmatched quote would otherwise swallow the rest of the input).
  size_t max_pending = 64u << 20;
};

// The --delimiter value: one byte, or "\t", "tab", "comma", "semicolon",
// "pipe", "space". Throws UsageError otherwise (also for '"', CR and LF).
char parse_csv_delimiter(std::string_view spec);

class CsvParser {
 public:
  enum class Status {
    Row,       // fields() holds a complete row
    NeedMore,  // a quoted field is open: feed the next line
    Error,     // error() says why; the partial row is dropped
  };

  explicit CsvParser(CsvDialect dialect = {});

  // Feeds one line without its line end. When the previous call returned
  // NeedMore, `line_break` is the text that ended the previous line inside
  // the quoted field ("\n" or "\r\n", or several for skipped empty lines).
  Status feed(std::string_view line, std::string_view line_break = "\n");

  // End of input: Error if a quoted field is still open, else Row with no
  // fields (nothing pending).
  Status finish();

  // Valid until the next feed(): views into the last line or an internal
  // buffer.
  const std::vector<std::string_view>& fields() const { return fields_; }
  const std::string& error() const { return error_; }
  // True while a quoted field is open (after NeedMore).
  bool pending() const { return state_ != State::Idle; }
  // Drops a partial row.
  void reset();

  // Checkpoint state of an open row (nothing when !pending()).
  void save(StateWriter& out) const;
  void load(StateReader& in);

 private:
  enum class State : uint8_t { Idle, FieldStart, Quoted, AfterClose };
  struct Span {
    size_t begin;
    size_t end;
    bool in_line;  // a view into the current line, else into buf_
  };

  Status split_plain(std::string_view line);
  Status fail(std::string message);
  Status complete_row();
  void take(const char* line, size_t from, size_t to);

  CsvDialect dialect_;
  State state_ = State::Idle;
  std::string buf_;          // unescaped bytes of fields that could not stay views
  const char* line_ = nullptr;
  bool buffered_ = false;    // the open quoted field is being built in buf_
  size_t field_begin_ = 0;   // where the open quoted field starts in buf_
  size_t copy_from_ = 0;     // first byte of the open field not yet in buf_
  std::vector<Span> spans_;  // finished fields of the row being built
  std::vector<std::string_view> fields_;
  std::string error_;
};

}  // namespace sp
