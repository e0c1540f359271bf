#include "libcommon/line_issue.h"

namespace sp {

const char* describe_issue(LineIssue issue) {
  switch (issue) {
    case LineIssue::TooLong: return "record longer than --max-record-size";
    case LineIssue::NulByte: return "record contains a NUL byte";
    case LineIssue::InvalidUtf8: return "record is not valid UTF-8";
    case LineIssue::None: break;
  }
  return "bad record";
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
