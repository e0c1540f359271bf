// Shared by the sp-parse format fuzz targets: feeds bytes to a FormatReader
// line by line as the driver does, and checks that every record it makes is
// a valid JSON object and every rejection has a reason.
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tools/sp-parse/record_model.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/text_source.h"

namespace sp::fuzz {

class CheckingSink final : public RecordSink {
 public:
  void on_parsed(ParsedRecord& record) override {
    json_.clear();
    write_fields_json(record.fields, json_);
    simdjson::padded_string padded(json_);
    simdjson::dom::element doc;
    if (parser_.parse(padded).get(doc) != simdjson::SUCCESS || !doc.is_object()) std::abort();
  }
  void on_bad(const Record& where, std::string_view reason) override {
    if (reason.empty()) std::abort();
  }

 private:
  std::string json_;
  simdjson::dom::parser parser_;
};

// Splits like the driver: LF ends a line, a CR before it is dropped, empty
// lines are skipped (but counted), lines with NUL or invalid UTF-8 are
// dropped (the driver rejects them), a last line without LF still counts.
inline void feed_lines(FormatReader& reader, const uint8_t* data, size_t size, RecordSink& sink) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string line;  // own copy, padded like the driver's buffers
  uint64_t offset = 0, number = 0;
  while (offset < input.size()) {
    size_t nl = input.find('\n', offset);
    size_t end = nl == std::string_view::npos ? input.size() : nl;
    size_t text_end = end > offset && input[end - 1] == '\r' ? end - 1 : end;
    ++number;
    std::string_view text = input.substr(offset, text_end - offset);
    // The driver rejects lines with a NUL or invalid UTF-8 before any reader.
    bool clean = text.find('\0') == std::string_view::npos && simdjson::validate_utf8(text.data(), text.size());
    if (text_end > offset && clean) {
      line.assign(input.substr(offset, text_end - offset));
      line.append(simdjson::SIMDJSON_PADDING, '\0');
      reader.feed(Record{std::string_view(line.data(), text_end - offset), offset, number, kNoTime}, sink);
    }
    offset = nl == std::string_view::npos ? input.size() : nl + 1;
  }
  reader.finish(sink);
}

}  // namespace sp::fuzz
