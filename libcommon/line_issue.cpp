#include "libcommon/line_issue.h"

#include <simdjson.h>

namespace sp {

const char* describe_issue(LineIssue issue) {
  switch (issue) {
    case LineIssue::TooLong: return "record longer than --max-record-size";
    case LineIssue::NulByte: return "record contains a NUL byte";
    case LineIssue::InvalidUtf8: return "record is not valid UTF-8";
    case LineIssue::InvalidJson: return "invalid JSON";
    case LineIssue::NotObject: return "not a JSON object";
    case LineIssue::None: break;
  }
  return "bad record";
}

std::string describe_issue(const InputLine& line) {
  if (line.issue != LineIssue::InvalidJson) return describe_issue(line.issue);
  return std::string("invalid JSON: ") + simdjson::error_message(static_cast<simdjson::error_code>(line.json_error));
}

std::string input_position(std::string_view input, uint64_t line, uint64_t offset) {
  std::string out(input);
  out += ':';
  out += std::to_string(line);
  out += " (byte ";
  out += std::to_string(offset);
  out += ')';
  return out;
}

}  // namespace sp
