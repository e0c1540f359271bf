// The wording of file errors (libcommon/file_error.h) and of input positions
// (libcommon/line_issue.h): what failed, why, and what to do.
#include <catch2/catch.hpp>

#include <cerrno>
#include <string>

#include "libcommon/file_error.h"
#include "libcommon/line_issue.h"

TEST_CASE("file errors name the file, the failed action, the reason and a fix", "[file_error]") {
  CHECK(sp::file_error("--output out/x.ndjson", "open for writing", ENOENT, sp::FileAccess::Write) ==
        "--output out/x.ndjson: cannot open for writing: No such file or directory; create its directory first, "
        "or give another path");
  CHECK(sp::file_error("--table t.csv", "open", ENOENT, sp::FileAccess::Read) ==
        "--table t.csv: cannot open: No such file or directory; check the path");
  CHECK(sp::file_error("x", "open", EACCES, sp::FileAccess::Read) ==
        "x: cannot open: Permission denied; check the permissions: this user must be able to read it");
  CHECK(sp::file_error("x", "write", EACCES, sp::FileAccess::Write) ==
        "x: cannot write: Permission denied; check the permissions: this user must be able to write there");
}

TEST_CASE("a full disk, a read-only file system and the rest get their own hint", "[file_error]") {
  CHECK(std::string(sp::file_error_hint(ENOSPC, sp::FileAccess::Write)) ==
        "free some disk space (or raise the quota), then run again");
  CHECK(std::string(sp::file_error_hint(EROFS, sp::FileAccess::Write)) ==
        "the file system is read-only: give a path on a writable one");
  CHECK(std::string(sp::file_error_hint(EMFILE, sp::FileAccess::Write)) ==
        "raise the limit of open files (ulimit -n)");
  CHECK(std::string(sp::file_error_hint(EBADF, sp::FileAccess::Read)) ==
        "check the path, its permissions and the disk");
}

TEST_CASE("file_subject puts the option before the path when there is one", "[file_error]") {
  CHECK(sp::file_subject("--late", "late.ndjson") == "--late late.ndjson");
  CHECK(sp::file_subject("", "late.ndjson") == "late.ndjson");
}

TEST_CASE("input positions read input:line (byte offset)", "[file_error]") {
  CHECK(sp::input_position("stdin", 3, 120) == "stdin:3 (byte 120)");
  CHECK(sp::input_position("users.csv", 1, 0) == "users.csv:1 (byte 0)");
}
