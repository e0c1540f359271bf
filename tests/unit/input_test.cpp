#include "libcommon/input.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "tests/unit/zstd_frame.h"

using namespace std::string_literals;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/sp-input-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return path + "/" + name; }
};

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

struct Line {
  std::string text;
  uint64_t offset, line;
  sp::LineIssue issue;
  bool operator==(const Line&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Line& l) {
  return os << "{\"" << l.text << "\" @" << l.offset << " line " << l.line << " issue "
            << int(l.issue) << "}";
}

Line ok(std::string text, uint64_t offset, uint64_t line) {
  return {std::move(text), offset, line, sp::LineIssue::None};
}

// Reads everything (non-follow input), checking the padding promise on the way.
std::vector<Line> read_all(sp::InputReader& reader) {
  std::vector<Line> lines;
  std::vector<sp::InputLine> batch;
  for (;;) {
    batch.clear();
    sp::ReadStatus status = reader.next_batch(batch, 5000);
    if (status == sp::ReadStatus::End) break;
    REQUIRE(status == sp::ReadStatus::Lines);
    REQUIRE(!batch.empty());
    for (const auto& l : batch) {
      // The padding bytes behind each text are readable (ASan would catch it).
      volatile char sink = l.text.data()[l.text.size() + simdjson::SIMDJSON_PADDING - 1];
      (void)sink;
      lines.push_back({std::string(l.text), l.offset, l.line, l.issue});
    }
  }
  return lines;
}

std::vector<Line> read_file(bool read_ahead, const std::string& path, size_t read_size = 1 << 20,
                            uint64_t max_record_size = 64ull << 20, bool map_file = true) {
  sp::InputOptions o;
  o.read_ahead = read_ahead;
  o.map_file = map_file;
  o.path = path;
  o.read_size = read_size;
  o.max_record_size = max_record_size;
  sp::InputReader reader(o);
  return read_all(reader);
}

}  // namespace

TEST_CASE("lines carry text, offset and line number", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  const bool map = GENERATE(true, false);   // a regular file mapped, or read()
  INFO("read_ahead " << ahead << " map_file " << map);
  TempDir dir;
  write_file(dir.file("in"), "ab\ncd\n{\"x\":1}\n");
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.map_file = map;
  o.path = dir.file("in");
  sp::InputReader reader(o);
  CHECK(reader.name() == dir.file("in"));
  CHECK(read_all(reader) == std::vector<Line>{ok("ab", 0, 1), ok("cd", 3, 2), ok("{\"x\":1}", 6, 3)});
  CHECK(reader.offset() == 14);
  CHECK(reader.line() == 3);
  CHECK(reader.bytes_read() == 14);
  CHECK(reader.empty_lines() == 0);
}

TEST_CASE("CRLF loses one carriage return, a missing final newline is fine", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  const bool map = GENERATE(true, false);   // a regular file mapped, or read()
  INFO("read_ahead " << ahead << " map_file " << map);
  TempDir dir;
  write_file(dir.file("in"), "a\r\nb\r\r\n\r\nlast");
  for (size_t read_size : {1, 2, 3, 7, 1 << 20}) {
    INFO("read_size " << read_size);
    sp::InputOptions o;
    o.read_ahead = ahead;
    o.map_file = map;
    o.path = dir.file("in");
    o.read_size = read_size;
    sp::InputReader reader(o);
    CHECK(read_all(reader) == std::vector<Line>{ok("a", 0, 1), ok("b\r", 3, 2), ok("last", 9, 4)});
    CHECK(reader.empty_lines() == 1);
    CHECK(reader.offset() == 13);
    CHECK(reader.line() == 4);
  }
}

TEST_CASE("empty lines are skipped and counted", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  write_file(dir.file("in"), "\n\na\n\n\r\n");
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.path = dir.file("in");
  sp::InputReader reader(o);
  CHECK(read_all(reader) == std::vector<Line>{ok("a", 2, 3)});
  CHECK(reader.empty_lines() == 4);
  CHECK(reader.line() == 5);
  CHECK(reader.offset() == 7);
}

TEST_CASE("an empty input ends at once", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  write_file(dir.file("in"), "");
  CHECK(read_file(ahead, dir.file("in")).empty());
}

TEST_CASE("NUL bytes and invalid UTF-8 mark only their own line", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  std::string content = "ok\nb\0d\n\xff\n\xc0\xaf\n\xc3\n\xed\xa0\x80\nfine \xc3\xa9\n"s;
  write_file(dir.file("in"), content);
  auto lines = read_file(ahead, dir.file("in"));
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == ok("ok", 0, 1));
  CHECK(lines[1] == Line{"b\0d"s, 3, 2, sp::LineIssue::NulByte});
  CHECK(lines[2] == Line{"\xff", 7, 3, sp::LineIssue::InvalidUtf8});
  CHECK(lines[3] == Line{"\xc0\xaf", 9, 4, sp::LineIssue::InvalidUtf8});     // overlong '/'
  CHECK(lines[4] == Line{"\xc3", 12, 5, sp::LineIssue::InvalidUtf8});        // truncated sequence
  CHECK(lines[5] == Line{"\xed\xa0\x80", 14, 6, sp::LineIssue::InvalidUtf8}); // surrogate
  CHECK(lines[6] == ok("fine \xc3\xa9", 18, 7));
}

TEST_CASE("LineCheck::NulOnly flags NUL bytes and leaves UTF-8 to the caller", "[input]") {
  const bool ahead = GENERATE(false, true);
  INFO("read_ahead " << ahead);
  TempDir dir;
  write_file(dir.file("in"), "ok\nb\0d\n\xff\n\xc0\xaf\x00\n"s);
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.path = dir.file("in");
  o.check = sp::LineCheck::NulOnly;
  sp::InputReader reader(o);
  auto lines = read_all(reader);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == ok("ok", 0, 1));
  CHECK(lines[1] == Line{"b\0d"s, 3, 2, sp::LineIssue::NulByte});
  CHECK(lines[2] == ok("\xff", 7, 3));
  // NUL comes first, as with the full check.
  CHECK(lines[3] == Line{"\xc0\xaf\0"s, 9, 4, sp::LineIssue::NulByte});
}

TEST_CASE("multi-byte characters split across reads stay valid", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  // 2-, 3- and 4-byte characters; every read size cuts some of them.
  std::string valid = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
  write_file(dir.file("in"), valid + "\n" + valid + "\nb\xc3\n");
  for (size_t read_size = 1; read_size <= 16; ++read_size) {
    INFO("read_size " << read_size);
    auto lines = read_file(ahead, dir.file("in"), read_size);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == ok(valid, 0, 1));
    CHECK(lines[1] == ok(valid, 12, 2));
    CHECK(lines[2] == Line{"b\xc3", 24, 3, sp::LineIssue::InvalidUtf8});
  }
}

TEST_CASE("an over-long line is one TooLong record and reading goes on", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  const bool map = GENERATE(true, false);   // a regular file mapped, or read()
  INFO("read_ahead " << ahead << " map_file " << map);
  TempDir dir;
  // max 8: "12345678" (8) and "12345678\r" (CRLF) are fine; 20 x's are not.
  std::string content = "short\n" + std::string(20, 'x') + "\nnext\n12345678\n12345678\r\nend\n";
  write_file(dir.file("in"), content);
  for (size_t read_size : {1, 3, 4, 9, 64, 1 << 20}) {
    INFO("read_size " << read_size);
    sp::InputOptions o;
    o.read_ahead = ahead;
    o.map_file = map;
    o.path = dir.file("in");
    o.read_size = read_size;
    o.max_record_size = 8;
    sp::InputReader reader(o);
    auto lines = read_all(reader);
    CHECK(lines == std::vector<Line>{ok("short", 0, 1), Line{"xxxxxxxx", 6, 2, sp::LineIssue::TooLong},
                                     ok("next", 27, 3), ok("12345678", 32, 4), ok("12345678", 41, 5),
                                     ok("end", 51, 6)});
    CHECK(reader.offset() == content.size());
    CHECK(reader.line() == 6);
  }
}

TEST_CASE("an over-long last line without newline, and a huge line in a small buffer", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  const bool map = GENERATE(true, false);   // a regular file mapped, or read()
  INFO("read_ahead " << ahead << " map_file " << map);
  TempDir dir;
  write_file(dir.file("a"), "a\n" + std::string(9, 'y'));
  CHECK(read_file(ahead, dir.file("a"), 4, 8, map) ==
        std::vector<Line>{ok("a", 0, 1), Line{"yyyyyyyy", 2, 2, sp::LineIssue::TooLong}});

  // 8 MiB line, 1 KiB limit, 4 KiB reads: memory stays bounded, the next line is intact.
  std::string huge(8u << 20, 'z');
  write_file(dir.file("b"), huge + "\n{}\n");
  auto lines = read_file(ahead, dir.file("b"), 4096, 1024, map);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == Line{std::string(1024, 'z'), 0, 1, sp::LineIssue::TooLong});
  CHECK(lines[1] == ok("{}", huge.size() + 1, 2));
}

TEST_CASE("zstd input is decompressed transparently, concatenated frames too", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  std::string first = "a\nbb\n";
  std::string second = "ccc\r\nlast";
  write_file(dir.file("in.zst"), zstd_frame(first) + zstd_frame(second));
  for (size_t read_size : {1, 5, 1 << 20}) {
    INFO("read_size " << read_size);
    sp::InputOptions o;
    o.read_ahead = ahead;
    o.path = dir.file("in.zst");
    o.read_size = read_size;
    sp::InputReader reader(o);
    CHECK(read_all(reader) == std::vector<Line>{ok("a", 0, 1), ok("bb", 2, 2), ok("ccc", 5, 3), ok("last", 10, 4)});
    CHECK(reader.is_zstd());
    CHECK(reader.offset() == 14);
  }
}

TEST_CASE("large zstd input matches the plain text", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  std::string plain;
  for (int i = 0; i < 50000; ++i) plain += "{\"i\":" + std::to_string(i) + ",\"s\":\"\xc3\xa9t\xc3\xa9\"}\n";
  write_file(dir.file("in.zst"), zstd_frame(plain));
  auto lines = read_file(ahead, dir.file("in.zst"), 4096);
  REQUIRE(lines.size() == 50000);
  CHECK(lines[12345].text == "{\"i\":12345,\"s\":\"\xc3\xa9t\xc3\xa9\"}");
  CHECK(lines[12345].issue == sp::LineIssue::None);
  CHECK(plain.compare(lines[12345].offset, lines[12345].text.size(), lines[12345].text) == 0);
}

TEST_CASE("truncated or corrupt zstd input is an I/O error", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  TempDir dir;
  std::string frame = zstd_frame(std::string(1000, 'q') + "\n");
  write_file(dir.file("cut.zst"), frame.substr(0, frame.size() - 3));
  CHECK_THROWS_AS(read_file(ahead, dir.file("cut.zst")), sp::IoError);
  std::string bad = frame;
  bad[6] ^= 0x55;
  bad[7] ^= 0x55;
  write_file(dir.file("bad.zst"), bad);
  CHECK_THROWS_AS(read_file(ahead, dir.file("bad.zst")), sp::IoError);
}

TEST_CASE("resume starts at start_offset: plain file, zstd file, pipe", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  const bool map = GENERATE(true, false);   // a regular file mapped, or read()
  INFO("read_ahead " << ahead << " map_file " << map);
  TempDir dir;
  std::string content = "ab\ncd\nef";
  write_file(dir.file("in"), content);
  write_file(dir.file("in.zst"), zstd_frame(content));
  std::vector<Line> expected{ok("cd", 3, 2), ok("ef", 6, 3)};
  for (const char* name : {"in", "in.zst"}) {
    INFO(name);
    sp::InputOptions o;
    o.read_ahead = ahead;
    o.map_file = map;
    o.path = dir.file(name);
    o.start_offset = 3;
    o.start_line = 1;
    o.read_size = 2;
    sp::InputReader reader(o);
    CHECK(read_all(reader) == expected);
    CHECK(reader.offset() == 8);
    CHECK(reader.line() == 3);
  }
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], content.data(), content.size()) == ssize_t(content.size()));
  ::close(fds[1]);
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.fd = fds[0];
  o.start_offset = 3;
  o.start_line = 1;
  sp::InputReader reader(o);
  CHECK(reader.name() == "fd " + std::to_string(fds[0]));
  CHECK(read_all(reader) == expected);
  ::close(fds[0]);
}

TEST_CASE("a pipe: Idle while quiet, a partial line is held until the end", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.fd = fds[0];
  sp::InputReader reader(o);
  std::vector<sp::InputLine> batch;
  CHECK(!reader.data_ready());
  CHECK(reader.next_batch(batch, 30) == sp::ReadStatus::Idle);
  CHECK(batch.empty());

  REQUIRE(::write(fds[1], "x\npart", 6) == 6);
  // With read-ahead the reading thread may already have emptied the pipe
  // and not yet queued its batch: data_ready() is false for that moment
  // (InputReader::data_ready), so allow it a second to become true.
  for (int i = 0; i < 100 && !reader.data_ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(reader.data_ready());
  REQUIRE(reader.next_batch(batch, 1000) == sp::ReadStatus::Lines);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0].text == "x");
  batch.clear();
  CHECK(reader.next_batch(batch, 30) == sp::ReadStatus::Idle);

  // A writer that finishes later: next_batch waits for it. (Catch's
  // assertions are for the test's own thread: the writer only notes.)
  bool wrote_all = true;
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    wrote_all &= ::write(fds[1], "ial\n\xf0\x9f", 6) == 6;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    wrote_all &= ::write(fds[1], "\x98\x80", 2) == 2;
    ::close(fds[1]);
  });
  batch.clear();
  REQUIRE(reader.next_batch(batch, 5000) == sp::ReadStatus::Lines);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0].text == "partial");
  CHECK(batch[0].offset == 2);
  writer.join();
  CHECK(wrote_all);
  auto rest = read_all(reader);
  CHECK(rest == std::vector<Line>{ok("\xf0\x9f\x98\x80", 10, 3)});
  ::close(fds[0]);
}

TEST_CASE("zstd through a pipe a few bytes at a time", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  std::string compressed = zstd_frame("one\ntwo\n") + zstd_frame("three\n");
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  bool wrote_all = true;  // noted by the writer, checked here (Catch asserts on one thread)
  std::thread writer([&] {
    for (char c : compressed) {
      wrote_all &= ::write(fds[1], &c, 1) == 1;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ::close(fds[1]);
  });
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.fd = fds[0];
  sp::InputReader reader(o);
  CHECK(read_all(reader) == std::vector<Line>{ok("one", 0, 1), ok("two", 4, 2), ok("three", 8, 3)});
  writer.join();
  CHECK(wrote_all);
  ::close(fds[0]);
}

TEST_CASE("request_stop ends reading, leaving an unfinished line unread", "[input]") {
  const bool ahead = GENERATE(false, true);  // without and with read-ahead
  INFO("read_ahead " << ahead);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], "a\nb", 3) == 3);
  sp::InputOptions o;
  o.read_ahead = ahead;
  o.fd = fds[0];
  {
    sp::InputReader reader(o);
    std::vector<sp::InputLine> batch;
    REQUIRE(reader.next_batch(batch, 1000) == sp::ReadStatus::Lines);
    reader.request_stop();
    CHECK(reader.next_batch(batch, 1000) == sp::ReadStatus::End);
    CHECK(reader.offset() == 2);
    CHECK(reader.line() == 1);
  }  // the reader (and its reading thread) is gone before its descriptor
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("read-ahead: a batch's texts stay intact while the thread reads on", "[input]") {
  TempDir dir;
  std::string content;
  std::vector<std::string> expected;
  for (int i = 0; i < 2000; ++i) {
    expected.push_back("{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(size_t(i % 37), 'p') + "\"}");
    content += expected.back() + "\n";
  }
  write_file(dir.file("in"), content);
  sp::InputOptions o;
  o.path = dir.file("in");
  o.read_size = 100;  // many small batches, so the thread runs far ahead
  o.read_ahead = true;
  sp::InputReader reader(o);
  std::vector<sp::InputLine> batch;
  size_t seen = 0;
  uint64_t offset = 0;
  for (;;) {
    batch.clear();
    sp::ReadStatus status = reader.next_batch(batch, 5000);
    if (status == sp::ReadStatus::End) break;
    REQUIRE(status == sp::ReadStatus::Lines);
    if (seen % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));  // let it fill every buffer
    for (const auto& l : batch) {
      REQUIRE(seen < expected.size());
      CHECK(l.text == expected[seen]);
      CHECK(l.offset == offset);
      CHECK(l.line == seen + 1);
      offset += expected[seen].size() + 1;
      ++seen;
    }
    CHECK(reader.offset() == offset);  // where the lines taken end, not where the thread is
    CHECK(reader.line() == seen);
  }
  CHECK(seen == expected.size());
}

TEST_CASE("read-ahead: destroying the reader while a pipe is quiet stops its thread", "[input]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  sp::InputOptions o;
  o.fd = fds[0];
  o.read_ahead = true;
  auto start = std::chrono::steady_clock::now();
  {
    sp::InputReader reader(o);
    std::vector<sp::InputLine> batch;
    CHECK(reader.next_batch(batch, 20) == sp::ReadStatus::Idle);
    CHECK(!reader.data_ready());
  }
  // The thread notices within one of its waits (100 ms), not at the pipe's end.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("identity names the file and hashes its head", "[input]") {
  TempDir dir;
  std::string content(5000, 'h');
  content[10] = '\n';
  write_file(dir.file("in"), content);
  sp::InputOptions o;
  o.path = dir.file("in");
  sp::InputReader reader(o);
  struct stat st {};
  REQUIRE(::stat(dir.file("in").c_str(), &st) == 0);
  auto id = reader.identity();
  CHECK(id.dev == st.st_dev);
  CHECK(id.ino == st.st_ino);
  CHECK(id.size == 5000);
  CHECK(id.head_len == 4096);
  CHECK(id.head_hash == sp::hash64(std::string_view(content).substr(0, 4096)));
}

TEST_CASE("opening a missing input is an I/O error naming it, its option and what to do", "[input]") {
  sp::InputOptions o;
  o.path = "/nonexistent/sp-input";
  try {
    sp::InputReader reader(o);
    FAIL("no error");
  } catch (const sp::IoError& e) {
    CHECK(std::string(e.what()) == "/nonexistent/sp-input: cannot open: No such file or directory; check the path");
  }
  o.option = "--table";
  try {
    sp::InputReader reader(o);
    FAIL("no error");
  } catch (const sp::IoError& e) {
    CHECK(std::string(e.what()) ==
          "--table /nonexistent/sp-input: cannot open: No such file or directory; check the path");
  }
}

namespace {

// The end offsets of the batches a reader returns, without read-ahead.
std::vector<uint64_t> batch_ends(sp::InputOptions o) {
  sp::InputReader reader(std::move(o));
  std::vector<uint64_t> ends;
  std::vector<sp::InputLine> batch;
  while (reader.next_batch(batch, 5000) == sp::ReadStatus::Lines) {
    ends.push_back(reader.offset());
    batch.clear();
  }
  return ends;
}

}  // namespace

TEST_CASE("a mapped file gives the lines read() gives, also when it ends on a page boundary", "[input]") {
  const bool ahead = GENERATE(false, true);
  INFO("read_ahead " << ahead);
  TempDir dir;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  // Sizes around page ends: the padding after the last line then lies in
  // the pages the map adds (read_all reads it).
  for (size_t size : {page - 1, page, page + 1, 3 * page}) {
    for (bool final_newline : {true, false}) {
      std::string content;
      for (int i = 0; content.size() < size; ++i) content += std::string(size_t(i % 50), 'a' + char(i % 26)) + "\n";
      content.resize(size);
      content.back() = final_newline ? '\n' : 'z';
      write_file(dir.file("in"), content);
      for (size_t read_size : {size_t(7), size_t(100), size_t(1) << 20}) {
        INFO("size " << size << " final newline " << final_newline << " read_size " << read_size);
        auto mapped = read_file(ahead, dir.file("in"), read_size, 64ull << 20, true);
        CHECK(mapped == read_file(ahead, dir.file("in"), read_size, 64ull << 20, false));
        CHECK(!mapped.empty());
      }
    }
  }
}

TEST_CASE("a mapped file is read on past its mapped end when it grows", "[input]") {
  TempDir dir;
  std::string first;
  for (int i = 0; i < 100; ++i) first += "{\"n\":" + std::to_string(i) + "}\n";
  write_file(dir.file("in"), first + "{\"half\":");  // the last line is finished by the append
  sp::InputOptions o;
  o.path = dir.file("in");
  o.read_size = 64;
  sp::InputReader reader(o);
  std::vector<sp::InputLine> batch;
  REQUIRE(reader.next_batch(batch, 5000) == sp::ReadStatus::Lines);  // the file is mapped now
  std::vector<std::string> texts;
  for (const auto& l : batch) texts.emplace_back(l.text);
  {
    std::ofstream out(dir.file("in"), std::ios::binary | std::ios::app);
    out << "1}\n{\"after\":2}\n";
  }
  for (;;) {
    batch.clear();
    sp::ReadStatus status = reader.next_batch(batch, 5000);
    if (status == sp::ReadStatus::End) break;
    for (const auto& l : batch) texts.emplace_back(l.text);
  }
  REQUIRE(texts.size() == 102);
  CHECK(texts[99] == "{\"n\":99}");
  CHECK(texts[100] == "{\"half\":1}");
  CHECK(texts[101] == "{\"after\":2}");
  CHECK(reader.offset() == first.size() + 23);  // {"half": 1} and {"after":2} with their newlines
}

TEST_CASE("standard input open inside a file is mapped from there and left where reading ended", "[input]") {
  TempDir dir;
  write_file(dir.file("in"), "skipped\nab\ncd\n");
  int fd = ::open(dir.file("in").c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  REQUIRE(::lseek(fd, 8, SEEK_SET) == 8);
  {
    sp::InputOptions o;
    o.fd = fd;
    sp::InputReader reader(o);
    CHECK(read_all(reader) == std::vector<Line>{ok("ab", 0, 1), ok("cd", 3, 2)});
  }
  CHECK(::lseek(fd, 0, SEEK_CUR) == 14);
  ::close(fd);
}

TEST_CASE("a resumed mapped run cuts the same batches as the run it continues", "[input]") {
  // A checkpoint is taken at the end of a batch; when the resumed run's
  // batches end where the first run's did, so do its later checkpoints, and
  // with them sp-partition's zstd frames: the output is byte for byte the
  // same as an uninterrupted run's.
  TempDir dir;
  std::string content;
  for (int i = 0; i < 500; ++i) content += std::string(size_t(i * 7 % 90), 'x') + "\n";
  write_file(dir.file("in"), content);
  sp::InputOptions o;
  o.path = dir.file("in");
  o.read_size = 256;
  const auto ends = batch_ends(o);
  REQUIRE(ends.size() > 20);
  for (size_t k : {size_t(1), size_t(5), ends.size() / 2}) {
    INFO("resumed after batch " << k);
    sp::InputOptions resumed = o;
    resumed.start_offset = ends[k - 1];
    CHECK(batch_ends(resumed) == std::vector<uint64_t>(ends.begin() + long(k), ends.end()));
  }
}

TEST_CASE("a mapped file that shrinks while it is read stops the process with status 1 and says where", "[input]") {
  TempDir dir;
  const std::string path = dir.file("in");
  std::string content;
  while (content.size() < (4u << 20)) content += "{\"pad\":\"" + std::string(100, 'p') + "\"}\n";
  write_file(path, content);
  const std::string err_path = dir.file("stderr");
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(err, STDERR_FILENO);
    sp::InputOptions o;
    o.path = path;
    o.option = "--input";
    o.read_size = 4096;
    sp::InputReader reader(o);
    std::vector<sp::InputLine> batch;
    reader.next_batch(batch, 5000);
    if (::truncate(path.c_str(), 0) != 0) ::_exit(3);
    while (reader.next_batch(batch, 5000) != sp::ReadStatus::End) batch.clear();
    ::_exit(4);  // not reached: the map's next page is gone
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  std::ifstream in(err_path);
  std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(message);
  CHECK(message.find(": --input " + path + ": byte ") != std::string::npos);
  CHECK(message.find(" of the file could not be read: it shrank while it was being read") != std::string::npos);
}
