#include "libcommon/dead_letter.h"

#include <absl/strings/escaping.h>
#include <simdjson.h>

#include "libcommon/json_writer.h"

namespace sp {

void format_rejection(const Rejection& rejection, std::string& out) {
  JsonWriter json(out);
  json.begin_object();
  json.key("input");
  json.string(rejection.input);
  json.key("offset");
  json.number(rejection.offset);
  json.key("line");
  json.number(rejection.line);
  json.key("reason");
  json.string(rejection.reason);
  if (simdjson::validate_utf8(rejection.record.data(), rejection.record.size())) {
    json.key("record");
    json.string(rejection.record);
  } else {
    json.key("record_base64");
    json.string(absl::Base64Escape(absl::string_view(rejection.record.data(), rejection.record.size())));
  }
  json.end_object();
}

DeadLetterSink::DeadLetterSink(const std::string& path) {
  if (path.empty()) return;
  sink_ = std::make_unique<OutputSink>(OutputOptions{.path = path, .option = "--dead-letter", .append = true});
}

void DeadLetterSink::write(const Rejection& rejection) {
  if (!sink_) return;
  line_.clear();
  format_rejection(rejection, line_);
  sink_->write_line(line_);
}

void DeadLetterSink::flush() {
  if (sink_) sink_->flush();
}

void DeadLetterSink::sync() {
  if (sink_) sink_->sync();
}

}  // namespace sp
