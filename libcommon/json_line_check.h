// The whole-record check of NDJSON input: every line one JSON object, well
// formed from its first byte to its last (the tools read records On-Demand,
// which checks only the parts a tool reads). Runs in the input reader, so
// with read-ahead it costs the tool's own thread nothing.
#pragma once
#include <string_view>
#include <vector>

#include "libcommon/json_record.h"
#include "libcommon/line_splitter.h"

namespace sp {

class JsonLineCheck {
 public:
  // With `control_lines`, control lines (control_line.h) pass unflagged.
  explicit JsonLineCheck(bool control_lines) : control_lines_(control_lines) {}

  // Flags the lines from `first` on that are not one JSON object:
  // NulByte and InvalidUtf8 as the encoding check names them, else
  // InvalidJson (with the parser's error) or NotObject. Lines that already
  // have an issue keep it.
  void flag(std::vector<InputLine>& lines, size_t first);

 private:
  void check_run(std::vector<InputLine>& lines, size_t begin, size_t end);
  void check_each(std::vector<InputLine>& lines, size_t begin, size_t end);
  bool checkable(const InputLine& line) const;

  bool control_lines_;

  JsonValidator validator_;
  std::vector<std::string_view> texts_;
};

}  // namespace sp
