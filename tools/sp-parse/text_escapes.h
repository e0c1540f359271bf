// Decoding backslash escapes in quoted values (logfmt, syslog, access logs).
#pragma once
#include <string>
#include <string_view>

namespace sp {

// Go/JSON-style escapes: \" \\ \/ \n \r \t \b \f \uXXXX (surrogate pairs
// joined; a lone surrogate or bad hex is kept as written). Any other
// escaped byte is kept with its backslash.
void append_unescaped(std::string& out, std::string_view escaped);

// Appends the UTF-8 encoding of code point `cp` (<= 0x10FFFF).
void append_utf8(std::string& out, unsigned cp);

}  // namespace sp
