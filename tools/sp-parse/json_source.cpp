#include "tools/sp-parse/json_source.h"

namespace sp {

// A batch of valid JSON objects is also valid UTF-8 without NUL bytes
// (simdjson checks the encoding of all it parses): true then.
bool JsonPassThrough::on_batch(const std::vector<InputLine>& lines) {
  valid_begin_ = valid_end_ = nullptr;
  texts_.clear();
  for (const InputLine& line : lines) {
    if (line.issue != LineIssue::None) return false;
    texts_.push_back(line.text);
  }
  if (!validator_.all_objects(texts_)) return false;
  valid_begin_ = texts_.front().data();
  valid_end_ = texts_.back().data() + texts_.back().size();
  return true;
}

void JsonPassThrough::on_record(const Record& record, Context& ctx) {
  const char* p = record.text.data();
  if (valid_begin_ && p >= valid_begin_ && p + record.text.size() <= valid_end_) {
    ctx.emit_input(record);
    return;
  }
  if (!validator_.validate_object(record.text, reason_)) {
    ctx.reject(record, reason_);
    return;
  }
  ctx.emit_input(record);
}

}  // namespace sp
