// sp-parse's operator for text formats: feeds each input line to a
// FormatReader and writes every record it makes as one JSON object (fields
// in the reader's order). With --from auto the format is chosen from the
// first line (sniff.h) and said on stderr; NDJSON found that way is
// validated and passed through byte-for-byte, as --from json does.
//
// Lines a reader folds into another record (a CSV header, lines inside a
// quoted field, --multiline-start continuations) are counted in --stats as
// "lines_joined", so records_in = records_out + rejected + lines_joined.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libcommon/json_record.h"
#include "libcommon/operator.h"
#include "tools/sp-parse/record_model.h"

namespace sp {

using ReaderFactory = std::function<std::unique_ptr<FormatReader>(std::string_view format)>;

// Writes records as JSON objects like write_fields_json (record_output.h),
// faster for a stream of records: remembers each position's escaped name.
class RecordJsonWriter {
 public:
  void write(const ParsedRecord& record, std::string& out);

 private:
  struct Name {
    std::string raw;
    std::string escaped;  // ,"name":
  };
  std::vector<Name> names_;
};

class TextSource final : public Operator, private RecordSink {
 public:
  // `format`: a text format name for `make`, or "auto". `pending_timeout`:
  // emit a held-back record once input has been quiet this long (0: never).
  TextSource(std::string format, ReaderFactory make, Nanos pending_timeout);

  void on_record(const Record& record, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  void snapshot(StateWriter& out) const override;
  void restore(StateReader& in) override;
  std::string state_options() const override { return "from=" + requested_; }
  bool wants_json() const override { return false; }

  const std::string& format() const { return format_; }

 private:
  void on_parsed(ParsedRecord& record) override;
  void on_bad(const Record& where, std::string_view reason) override;
  char* json_area(size_t size) override;
  void on_json(size_t size) override;
  void choose(std::string_view first_line);
  void count_joined();

  std::string requested_;  // as given: a format or "auto"
  std::string format_;     // the format in use ("" until auto has chosen)
  ReaderFactory make_;
  Nanos pending_timeout_;
  std::unique_ptr<FormatReader> reader_;
  bool json_mode_ = false;
  JsonValidator json_;
  std::string reason_;
  Context* ctx_ = nullptr;
  Nanos last_input_ = 0;
  uint64_t* joined_ = nullptr;  // the "lines_joined" counter, once registered
  std::string out_;
  RecordJsonWriter writer_;
  std::string json_area_;  // grows to the largest json_area() asked for
};

}  // namespace sp
