// Output file names: the --output-template placeholders, and the encoding
// that turns any value into one safe file-name segment.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sp {

// Throws UsageError unless the template has the placeholder its mode needs
// ({partition}, or {value} with --by-value) and no other one.
void check_output_template(std::string_view tmpl, bool by_value);

// The template with {partition} (or {value}) replaced by `text`, appended to out.
void expand_output_template(std::string_view tmpl, std::string_view text, std::string& out);

// Appends the file-name-safe form of `value` (any bytes) to out:
//  - [A-Za-z0-9_-] and '.' stay as they are, except a leading '.';
//  - every other byte (and a leading '.') becomes %XX (uppercase hex), so
//    '/', NUL, '%', non-ASCII and control bytes never reach the file system
//    and ".", "..", ".x" cannot name a directory or a hidden file;
//  - the empty value becomes "%" (no other value encodes to a lone '%');
//  - an encoding longer than kMaxEncodedValue bytes is cut at a %XX boundary
//    to kLongValuePrefix bytes and followed by '~' and the 16 hex digits of
//    the xxh3 of the whole value ('~' is always encoded otherwise, so a short
//    value never collides with a long one).
// Distinct values give distinct names (up to xxh3 collisions between two
// long values). File systems that ignore case fold "A" and "a" together.
inline constexpr size_t kMaxEncodedValue = 200;
inline constexpr size_t kLongValuePrefix = 180;
void append_encoded_value(std::string_view value, std::string& out);

}  // namespace sp
