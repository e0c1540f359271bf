// Shared by the sp-parse format fuzz targets: feeds bytes to a FormatReader
// line by line as the driver does, and checks that every record it makes is
// a valid JSON object and every rejection has a reason.
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "tools/sp-parse/record_model.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/text_source.h"

namespace sp::fuzz {

// Aborts unless `json` is one valid JSON object.
inline void check_json_object(std::string_view json, simdjson::dom::parser& parser) {
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS || !doc.is_object()) std::abort();
}

class CheckingSink final : public RecordSink {
 public:
  void on_parsed(ParsedRecord& record) override {
    json_.clear();
    write_fields_json(record.fields, json_);
    check_json_object(json_, parser_);
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
// `padded`: each line is followed by simdjson padding like the driver's
// buffers; else it is a heap block of its exact size (ASan sees overreads),
// as lines a reader gets from another reader (--multiline-start) are.
inline void feed_lines(FormatReader& reader, const uint8_t* data, size_t size, RecordSink& sink,
                       bool padded = true) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string line;  // own copy
  std::unique_ptr<char[]> exact;
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
      const char* copy;
      if (padded) {
        line.assign(text);
        line.append(simdjson::SIMDJSON_PADDING, '\0');
        copy = line.data();
      } else {
        exact = std::make_unique<char[]>(text.size());
        std::memcpy(exact.get(), text.data(), text.size());
        copy = exact.get();
      }
      reader.feed(Record{std::string_view(copy, text.size()), offset, number, kNoTime}, sink);
    }
    offset = nl == std::string_view::npos ? input.size() : nl + 1;
  }
  reader.finish(sink);
}

}  // namespace sp::fuzz
