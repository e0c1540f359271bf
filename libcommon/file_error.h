// The wording of a failed system call on a named file, shared by every
// input, output and state file: what failed, the system's reason, and what
// the user can do about it.
#pragma once
#include <string>
#include <string_view>

namespace sp {

enum class FileAccess { Read, Write };

// What to do about errno `err` on a file being read or written, e.g.
// "create its directory first, or give another path".
const char* file_error_hint(int err, FileAccess access);

// "<subject>: cannot <action>: <strerror(err)>; <hint>", where `subject`
// names the file the way the user gave it ("--output out.ndjson").
std::string file_error(std::string_view subject, std::string_view action, int err, FileAccess access);

// "<option> <path>", or the path alone when no option named it.
std::string file_subject(std::string_view option, std::string_view path);

}  // namespace sp
