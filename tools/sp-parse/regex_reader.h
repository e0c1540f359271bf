// sp-parse --from regex --regex RE: each line is searched with RE2 (not
// anchored: write ^...$ to match whole lines); every named group
// (?P<name>...) becomes a string field, in the pattern's order. A group that
// did not take part in the match is null. A line that does not match is a
// bad record "does not match --regex". Compiled once; no allocation per line.
#pragma once
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "tools/sp-parse/record_model.h"

namespace sp {

class RegexReader final : public FormatReader {
 public:
  // Throws UsageError for an invalid pattern or one without named groups.
  explicit RegexReader(const std::string& pattern);
  void feed(const Record& line, RecordSink& sink) override;

 private:
  std::unique_ptr<re2::RE2> re_;
  std::vector<std::pair<int, std::string>> groups_;  // group index, name
  std::vector<re2::StringPiece> matches_;
  ParsedRecord record_;
};

}  // namespace sp
