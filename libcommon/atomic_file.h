// Replacing a file so that readers (and a crash at any instant) see either
// the complete old contents or the complete new contents, never a mix.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace sp {

// The contents of a (small) file, read at most up to a little past
// `max_bytes` (the caller's parser refuses anything that long). Throws
// IoError "<what><path>: cannot open|read: <reason>; <what to do>".
std::string read_file_contents(const std::string& path, std::string_view what = "", size_t max_bytes = SIZE_MAX);

// Writes `contents` to "<path>.tmp.<pid>" in the same directory, fsyncs it,
// renames it over `path`, then fsyncs the directory so the rename itself is
// durable. The file gets exactly `mode` (the umask does not apply). Throws
// IoError naming the path, the system error and what to do; on failure the
// temp file is removed and `path` keeps its old contents.
//
// A process killed mid-write leaves its temp file behind. Before writing,
// stale "<path>.tmp.<pid>" files whose pid is no longer running on this host
// are removed, so at most one leftover exists between writes. Two writers in
// one process must not target the same path at the same time.
//
// `durable` false skips both fsyncs: readers still never see a torn file,
// but a crash of the machine may lose the last write (for files that are
// rewritten often and matter only while the process runs, like --status).
void write_file_atomically(const std::string& path, std::string_view contents, mode_t mode = 0600,
                           bool durable = true);

// The temp file name write_file_atomically uses for `path` in process `pid`.
std::string atomic_temp_path(const std::string& path, pid_t pid);

// Removes "<path>.tmp.<pid>" files left by processes that no longer run.
// Best effort: a file that cannot be removed is left alone.
void remove_stale_temp_files(const std::string& path);

}  // namespace sp
