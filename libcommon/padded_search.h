// Finding a short byte pattern in text that simdjson padding follows.
#pragma once
#include <string_view>

namespace sp {

// The first occurrence of `pattern` (at least 2 bytes) that lies wholly in
// [from, end), or `end`. Reads up to 62 bytes past `end`, which must be
// readable: any end inside a line the input reader returned is, as
// SIMDJSON_PADDING bytes follow each line.
//
// It compares a vector of positions with the pattern's first, second and
// last bytes at once and checks only the candidates whole. Boyer-Moore-
// Horspool (or memmem) waits on each load to learn its next shift: on the
// ~70-byte spans sp-window checks for duplicate keys, perf counts about a
// third of the samples it did.
const char* find_in_padded(const char* from, const char* end, std::string_view pattern);

}  // namespace sp
