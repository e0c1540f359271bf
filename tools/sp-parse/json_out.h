// Output helpers for sp-parse's hot path.
#pragma once
#include <string>
#include <string_view>

namespace sp {

// Same output as append_json_string (json_writer.h), with a fast path that
// checks 8 bytes at a time while none needs escaping (no '"', '\\' or
// control byte), which is nearly always.
void append_json_string_fast(std::string& out, std::string_view text);

}  // namespace sp
