#include "libcommon/output.h"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "libcommon/errors.h"

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/sp-output-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return path + "/" + name; }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

sp::OutputOptions to_file(const std::string& path) {
  sp::OutputOptions o;
  o.path = path;
  return o;
}

}  // namespace

TEST_CASE("writes are buffered until flush", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  write_file(path, "old content that must go\n");
  sp::OutputSink sink(to_file(path));
  CHECK(sink.is_file());
  CHECK(sink.name() == path);
  sink.write("ab");
  sink.write_line("cd");
  CHECK(slurp(path).empty());  // truncated on open, nothing written yet
  CHECK(sink.bytes_written() == 5);
  sink.flush();
  CHECK(slurp(path) == "abcd\n");
  sink.write_line("");
  sink.sync();
  CHECK(slurp(path) == "abcd\n\n");
  CHECK(sink.bytes_written() == 6);
}

TEST_CASE("a full buffer is written out; bigger writes go straight through", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  sp::OutputOptions o = to_file(path);
  o.buffer_size = 4;
  sp::OutputSink sink(o);
  sink.write("abc");
  CHECK(slurp(path).empty());
  sink.write("de");  // does not fit: "abc" goes out, "de" is buffered
  CHECK(slurp(path) == "abc");
  sink.write_line("0123456789");
  CHECK(slurp(path) == "abcde0123456789\n");
  sink.write("xy");
  CHECK(sink.bytes_written() == 18);
  sink.flush();
  CHECK(slurp(path) == "abcde0123456789\nxy");
}

TEST_CASE("line-buffered output flushes after each line", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  sp::OutputOptions o = to_file(path);
  o.line_buffered = true;
  sp::OutputSink sink(o);
  sink.write_line("one");
  CHECK(slurp(path) == "one\n");
  sink.write("tw");
  CHECK(slurp(path) == "one\n");
  sink.write("o\nthr");
  CHECK(slurp(path) == "one\ntwo\nthr");
}

TEST_CASE("input lines passed through go out as runs, in order with other writes", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  sp::OutputOptions o = to_file(path);
  o.buffer_size = 64;
  sp::OutputSink sink(o);
  std::string input = "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";  // the caller's buffer
  std::string_view in = input;
  sink.write_input_line(in.substr(0, 7));
  sink.write_input_line(in.substr(8, 7));  // continues the run
  CHECK(sink.bytes_written() == 16);
  CHECK(slurp(path).empty());  // held, not written
  sink.write_line("x");  // another write puts the run out first
  sink.write_input_line(in.substr(16, 7));  // a new run
  sink.write_input_line(in.substr(0, 7));   // not contiguous: the run before goes out
  sink.release_lines();
  input.assign(input.size(), '#');  // the caller may reuse its buffer now
  sink.flush();
  CHECK(slurp(path) == "{\"a\":1}\n{\"b\":2}\nx\n{\"c\":3}\n{\"a\":1}\n");
  CHECK(sink.bytes_written() == 34);

  std::string big(100, 'z');  // a run longer than the buffer is written straight through
  big += '\n';
  sink.write("y");
  sink.write_input_line(std::string_view(big).substr(0, 100));
  sink.release_lines();
  CHECK(slurp(path).size() == 34 + 1 + 101);
  CHECK(sink.bytes_written() == 136);
}

TEST_CASE("input lines on line-buffered output flush each line", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  sp::OutputOptions o = to_file(path);
  o.line_buffered = true;
  sp::OutputSink sink(o);
  std::string input = "one\ntwo\n";
  sink.write_input_line(std::string_view(input).substr(0, 3));
  CHECK(slurp(path) == "one\n");
}

TEST_CASE("append keeps the file and counts its length", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  write_file(path, "xy");
  sp::OutputOptions o = to_file(path);
  o.append = true;
  sp::OutputSink sink(o);
  CHECK(sink.bytes_written() == 2);
  sink.write_line("z");
  sink.flush();
  CHECK(slurp(path) == "xyz\n");
  CHECK(sink.bytes_written() == 4);
}

TEST_CASE("resume truncates to the checkpoint's length, then appends", "[output]") {
  TempDir dir;
  std::string path = dir.file("out");
  write_file(path, "line1\nline2\npartial-after-crash");
  sp::OutputOptions o = to_file(path);
  o.truncate_to = 12;
  {
    sp::OutputSink sink(o);
    CHECK(slurp(path) == "line1\nline2\n");
    CHECK(sink.bytes_written() == 12);
    sink.write_line("line3");
    sink.flush();
    CHECK(sink.bytes_written() == 18);
  }
  CHECK(slurp(path) == "line1\nline2\nline3\n");

  o.truncate_to = 100;  // longer than the file: it was changed behind our back
  CHECK_THROWS_AS(sp::OutputSink(o), sp::IoError);
}

TEST_CASE("a closed pipe is BrokenPipe", "[output]") {
  sp::ignore_sigpipe();
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  sp::OutputOptions o;
  o.fd = fds[1];
  sp::OutputSink sink(o);
  CHECK(!sink.is_file());
  sink.write_line("{}");
  CHECK_THROWS_AS(sink.flush(), sp::BrokenPipe);
  ::close(fds[1]);
}

TEST_CASE("a full disk is an IoError that names the option and says what to do", "[output]") {
  sp::OutputOptions o = to_file("/dev/full");
  o.option = "--dead-letter";
  sp::OutputSink sink(o);
  sink.write_line("{}");
  try {
    sink.flush();
    FAIL("no error");
  } catch (const sp::IoError& e) {
    CHECK(std::string(e.what()) == "--dead-letter /dev/full: cannot write: No space left on device; free some disk "
                                   "space (or raise the quota), then run again");
  }
}

TEST_CASE("sync works on pipes and an unopenable path is an IoError", "[output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    sp::OutputOptions o;
    o.fd = fds[1];
    sp::OutputSink sink(o);
    sink.write_line("a");
    CHECK_NOTHROW(sink.sync());
    char buf[8];
    CHECK(::read(fds[0], buf, sizeof buf) == 2);
  }
  ::close(fds[0]);
  ::close(fds[1]);
  CHECK_THROWS_AS(sp::OutputSink(to_file("/nonexistent/dir/out")), sp::IoError);
}

TEST_CASE("write-behind keeps each file's bytes in order, across sinks sharing the thread", "[output]") {
  TempDir dir;
  sp::WriteBehind behind(2);
  std::string want_a, want_b;
  {
    sp::OutputOptions a = to_file(dir.file("a"));
    sp::OutputOptions b = to_file(dir.file("b"));
    a.buffer_size = b.buffer_size = 64;  // many buffers in flight
    a.write_behind = b.write_behind = &behind;
    sp::OutputSink sink_a(a), sink_b(b);
    for (int i = 0; i < 5000; ++i) {
      std::string line = "{\"i\":" + std::to_string(i) + "}";
      sp::OutputSink& sink = i % 3 == 0 ? sink_b : sink_a;
      (i % 3 == 0 ? want_b : want_a) += line + "\n";
      if (i % 7 == 0) sink.write(line + "\n");
      else sink.write_line(line);
    }
    sink_a.write(std::string(200, 'x'));  // bigger than the buffer: written straight through, in order
    want_a += std::string(200, 'x');
    CHECK(sink_a.bytes_written() == want_a.size());
    sink_a.flush();
    CHECK(slurp(dir.file("a")) == want_a);
    sink_b.write_line("last");  // the destructor flushes and waits for the thread
    want_b += "last\n";
  }
  CHECK(slurp(dir.file("a")) == want_a);
  CHECK(slurp(dir.file("b")) == want_b);
}

TEST_CASE("write-behind: sync waits for the thread, then fsyncs", "[output]") {
  TempDir dir;
  sp::WriteBehind behind;
  sp::OutputOptions o = to_file(dir.file("out"));
  o.buffer_size = 8;
  o.write_behind = &behind;
  sp::OutputSink sink(o);
  sink.write_line("0123456");
  sink.write_line("abc");  // the first line is in flight or written
  sink.sync();
  CHECK(slurp(dir.file("out")) == "0123456\nabc\n");
}

TEST_CASE("write-behind: a failed write is thrown by a later call, as without it", "[output]") {
  sp::WriteBehind behind;
  sp::OutputOptions o = to_file("/dev/full");
  o.buffer_size = 4;
  o.write_behind = &behind;
  sp::OutputSink sink(o);
  sink.write("abc");
  CHECK_NOTHROW(sink.write("de"));  // "abc" goes to the thread; its failure is not known yet
  try {
    sink.flush();
    FAIL("no error");
  } catch (const sp::IoError& e) {
    // The same message as a write on the caller's thread.
    CHECK(std::string(e.what()) ==
          "/dev/full: cannot write: No space left on device; free some disk space (or raise the quota), then run again");
  }
  // It stays failed: nothing more is written to the file.
  CHECK_THROWS_AS(sink.write_line("x"), sp::IoError);
  CHECK_THROWS_AS(sink.write("y"), sp::IoError);
}

TEST_CASE("write-behind: a closed pipe is BrokenPipe", "[output]") {
  sp::ignore_sigpipe();
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  sp::WriteBehind behind;
  {
    sp::OutputOptions o;
    o.fd = fds[1];
    o.buffer_size = 4;
    o.write_behind = &behind;
    sp::OutputSink sink(o);
    sink.write_line("{}");
    sink.write_line("{}");  // the first goes to the thread
    CHECK_THROWS_AS(sink.flush(), sp::BrokenPipe);
  }
  ::close(fds[1]);
}
