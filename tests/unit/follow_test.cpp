// --follow: tail -F semantics on a named file.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "libcommon/errors.h"
#include "libcommon/input.h"

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/sp-follow-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return path + "/" + name; }
};

void write_file(const std::string& path, const std::string& bytes, bool append = false) {
  std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  out << bytes;
}

struct Seen {
  std::string text;
  uint64_t offset, line;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  return os << "{\"" << s.text << "\" @" << s.offset << " line " << s.line << "}";
}

// A followed reader that records its warnings.
struct Follower {
  std::vector<std::string> warnings;
  sp::InputReader reader;
  explicit Follower(const std::string& path)
      : reader([&] {
          sp::InputOptions o;
          o.path = path;
          o.follow = true;
          o.follow_poll_ms = 5;
          o.read_size = 16;
          o.on_warning = [this](std::string_view w) { warnings.emplace_back(w); };
          return o;
        }()) {}

  // Reads until `count` lines arrived (or a generous timeout passed).
  std::vector<Seen> take(size_t count) {
    std::vector<Seen> seen;
    std::vector<sp::InputLine> batch;
    for (int i = 0; i < 400 && seen.size() < count; ++i) {
      batch.clear();
      auto status = reader.next_batch(batch, 10);
      REQUIRE(status != sp::ReadStatus::End);
      for (auto& l : batch) seen.push_back({std::string(l.text), l.offset, l.line});
    }
    return seen;
  }
  // Nothing more arrives within a short while.
  bool quiet() {
    std::vector<sp::InputLine> batch;
    return reader.next_batch(batch, 40) == sp::ReadStatus::Idle && batch.empty();
  }
};

}  // namespace

TEST_CASE("follow reads appended data and holds an unfinished line", "[follow]") {
  TempDir dir;
  std::string path = dir.file("log");
  write_file(path, "a\n");
  Follower f(path);
  CHECK(f.take(1) == std::vector<Seen>{{"a", 0, 1}});
  CHECK(f.quiet());
  write_file(path, "b\nc", true);
  CHECK(f.take(1) == std::vector<Seen>{{"b", 2, 2}});
  CHECK(f.quiet());  // "c" has no newline yet
  CHECK(f.reader.offset() == 4);
  write_file(path, "c\n", true);
  CHECK(f.take(1) == std::vector<Seen>{{"cc", 4, 3}});
  CHECK(f.warnings.empty());
  f.reader.request_stop();
  std::vector<sp::InputLine> batch;
  CHECK(f.reader.next_batch(batch, 10) == sp::ReadStatus::End);
}

TEST_CASE("follow: rotation finishes the old file, then reads the new one", "[follow]") {
  TempDir dir;
  std::string path = dir.file("log");
  write_file(path, "old1\n");
  Follower f(path);
  CHECK(f.take(1) == std::vector<Seen>{{"old1", 0, 1}});
  // The writer appends, then rotates: rename and start a new file.
  write_file(path, "old2\nold-tail", true);
  std::filesystem::rename(path, dir.file("log.1"));
  write_file(path, "new1\nnew2\n");
  CHECK(f.take(4) == std::vector<Seen>{{"old2", 5, 2}, {"old-tail", 10, 3}, {"new1", 0, 1}, {"new2", 5, 2}});
  CHECK(f.warnings == std::vector<std::string>{path + ": file rotated, following the new file"});
  CHECK(f.reader.offset() == 10);
  CHECK(f.reader.line() == 2);
}

TEST_CASE("follow: truncation warns and starts over from 0", "[follow]") {
  TempDir dir;
  std::string path = dir.file("log");
  write_file(path, "aaaa\nbbbb\n");
  Follower f(path);
  CHECK(f.take(2) == std::vector<Seen>{{"aaaa", 0, 1}, {"bbbb", 5, 2}});
  REQUIRE(::truncate(path.c_str(), 0) == 0);
  CHECK(f.quiet());
  write_file(path, "c\n", true);
  CHECK(f.take(1) == std::vector<Seen>{{"c", 0, 1}});
  CHECK(f.warnings == std::vector<std::string>{path + ": file truncated, reading it again from the start"});
}

TEST_CASE("follow: a missing or removed file is waited for", "[follow]") {
  TempDir dir;
  std::string path = dir.file("log");
  Follower f(path);
  CHECK(f.quiet());
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0] == path + ": No such file or directory; waiting for it to appear");
  write_file(path, "x\n");
  CHECK(f.take(1) == std::vector<Seen>{{"x", 0, 1}});
  CHECK(f.warnings.back() == path + ": file appeared, following it");

  std::filesystem::remove(path);
  CHECK(f.quiet());
  CHECK(f.warnings.back() == path + ": file disappeared, waiting for it to reappear");
  write_file(path, "y\n");
  CHECK(f.take(1) == std::vector<Seen>{{"y", 0, 1}});
  CHECK(f.warnings.back() == path + ": file rotated, following the new file");
  CHECK(f.warnings.size() == 4);
}

TEST_CASE("follow: a zstd file switches to a plain one after rotation", "[follow]") {
  TempDir dir;
  std::string path = dir.file("log");
  std::string plain = "z1\nz2\n";
  std::string frame(ZSTD_compressBound(plain.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), plain.data(), plain.size(), 1));
  write_file(path, frame);
  Follower f(path);
  CHECK(f.take(2) == std::vector<Seen>{{"z1", 0, 1}, {"z2", 3, 2}});
  std::filesystem::rename(path, dir.file("log.1"));
  write_file(path, "p1\n");
  CHECK(f.take(1) == std::vector<Seen>{{"p1", 0, 1}});
  CHECK(!f.reader.is_zstd());
}

TEST_CASE("follow needs a named file", "[follow]") {
  sp::InputOptions o;
  o.follow = true;
  CHECK_THROWS_AS(sp::InputReader(o), sp::UsageError);
}
