// How diagnostics word an input line: where it is ("app.log:12 (byte 3401)")
// and the rejection reason for a line the reader flagged (too long, NUL
// byte, invalid UTF-8, not one JSON object), the same in the driver and in
// tools that read other inputs themselves (sp-join --table and --right).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "libcommon/line_splitter.h"

namespace sp {

const char* describe_issue(LineIssue issue);
// The same for a flagged line, with the parser's error for InvalidJson.
std::string describe_issue(const InputLine& line);

// "<input>:<line> (byte <offset>)": the 1-based line number and the byte
// offset of the line's first byte in the (decompressed) input.
std::string input_position(std::string_view input, uint64_t line, uint64_t offset);

}  // namespace sp
