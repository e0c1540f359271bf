// CSV/TSV reader: any bytes, with or without a header, several delimiters. Also
// checks that the fast path for rows on one line (a sink that takes JSON,
// as sp-parse's output does) writes exactly what the general path writes.
#include <memory>
#include <vector>

#include "tests/fuzz/format_fuzz.h"
#include "tools/sp-parse/csv_format.h"

namespace {

// Every record (as JSON) and rejection, in order.
class RecordingSink final : public sp::RecordSink {
 public:
  explicit RecordingSink(bool takes_json) : takes_json_(takes_json) {}

  void on_parsed(sp::ParsedRecord& record) override {
    std::string json;
    sp::write_fields_json(record.fields, json);
    sp::fuzz::check_json_object(json, parser_);
    log.push_back(std::move(json));
  }
  void on_bad(const sp::Record& where, std::string_view reason) override {
    if (reason.empty()) std::abort();
    log.push_back("bad " + std::to_string(where.offset) + " " + std::to_string(where.line) + " " +
                  std::string(reason) + " | " + std::string(where.text));
  }
  // Exactly `size` bytes, so that ASan sees a write past them.
  char* json_area(size_t size) override {
    if (!takes_json_) return nullptr;
    area_ = std::make_unique<char[]>(size);
    return area_.get();
  }
  void on_json(size_t size) override {
    std::string json(area_.get(), size);
    sp::fuzz::check_json_object(json, parser_);
    log.push_back(std::move(json));
  }

  std::vector<std::string> log;

 private:
  bool takes_json_;
  std::unique_ptr<char[]> area_;
  simdjson::dom::parser parser_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  sp::CsvFormatOptions options;
  options.delimiter = (mode & 1) ? '\t' : ',';
  // Delimiters that are also JSON escapes (a backslash, a control byte).
  // Bytes >= 0x80 are refused by parse_csv_delimiter.
  static constexpr char kOtherDelimiters[] = {';', '\\', '\x1f'};
  if (int other = (mode >> 3) & 3) options.delimiter = kOtherDelimiters[other - 1];
  options.header = !(mode & 2);
  if (mode & 4) options.columns = {"a", "b", "c"};
  sp::CsvFormatReader general(options), fast(options);
  RecordingSink fields(false), json(true);
  sp::fuzz::feed_lines(general, data + 1, size - 1, fields);
  sp::fuzz::feed_lines(fast, data + 1, size - 1, json, /*padded=*/false);
  if (general.has_pending() || fast.has_pending()) std::abort();  // finish() must close an open field
  if (fields.log != json.log) std::abort();
  return 0;
}
