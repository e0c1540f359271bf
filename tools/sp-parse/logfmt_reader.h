// sp-parse --from logfmt: `level=info msg="disk full" path=/var retry`.
//
// - Pairs are separated by spaces or tabs. A key is any run of bytes above
//   space other than '=' and '"'.
// - key=value: the value runs to the next space; key="..." is a quoted value
//   with Go-style escapes (\" \\ \n \r \t \b \f \/ \uXXXX); key= is "".
// - A bare key (no '=') is the boolean true, as in logfmt's original
//   description (`debug`).
// - Values are strings. A key that appears twice keeps its first position
//   and its last value, so the output object never repeats a name.
// - Bad records: an unterminated quote, text right after a closing quote,
//   a pair with no key (`=x`).
#pragma once
#include <string>

#include "tools/sp-parse/record_model.h"

namespace sp {

class LogfmtReader final : public FormatReader {
 public:
  void feed(const Record& line, RecordSink& sink) override;

  // Parses one line into `out`; returns false with `error` set on bad input.
  // Values are views into `text` or into `arena`.
  static bool parse(std::string_view text, Arena& arena, ParsedRecord& out, std::string& error);

 private:
  Arena arena_;
  ParsedRecord record_;
  std::string error_;
};

}  // namespace sp
