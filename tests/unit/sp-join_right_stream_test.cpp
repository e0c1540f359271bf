// The right input of sp-join --right in a checkpointed pipeline: barriers
// stop it, align_to reads ahead to a barrier keeping what it passes, and a
// snapshot carries those records into a restored stream.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"
#include "tools/sp-join/right_stream.h"

namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = (fs::temp_directory_path() / ("sp-join-right-" + std::to_string(getpid()) + "-" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string rec(int seconds) { return "{\"ts\":" + std::to_string(seconds) + ",\"k\":\"a\"}\n"; }

struct Counters {
  uint64_t in = 0, rejected = 0;
};

std::unique_ptr<sp::RightStream> open_stream(const std::string& path, Counters& n, bool validate = false) {
  auto s = std::make_unique<sp::RightStream>(
      path, true, sp::EventTimeExtractor(sp::FieldPath::parse("ts"), sp::TimeFormat::parse("epoch_s")), 1 << 20,
      validate);
  s->set_counters(&n.in, &n.rejected);
  return s;
}

sp::Nanos sec(int s) { return sp::Nanos{s} * 1000000000; }

}  // namespace

TEST_CASE("sp-join right stream: a barrier blocks it until unblocked; the end marker ends it") {
  std::string path = write_temp("blocks", rec(1) + rec(5) + "\x1esp barrier 1\n" + "\x1esp watermark 4000000000\n" +
                                              rec(7) + "\x1esp end\n");
  Counters n;
  auto stream = open_stream(path, n);
  sp::RightStream& s = *stream;
  REQUIRE(s.peek(true) == sp::RightStream::Head::Record);
  CHECK(s.time() == sec(1));
  s.pop();
  REQUIRE(s.peek(true) == sp::RightStream::Head::Record);
  s.pop();
  CHECK(s.peek(true) == sp::RightStream::Head::Blocked);
  CHECK(s.barrier() == 1);
  CHECK(s.peek(true) == sp::RightStream::Head::Blocked);
  s.unblock();
  REQUIRE(s.peek(true) == sp::RightStream::Head::Watermark);
  CHECK(s.watermark() == sec(4));
  s.pop();
  REQUIRE(s.peek(true) == sp::RightStream::Head::Record);
  CHECK(s.time() == sec(7));
  s.pop();
  CHECK(s.peek(true) == sp::RightStream::Head::Ended);
  CHECK(s.ended());
  CHECK(n.in == 3);
  fs::remove(path);
}

TEST_CASE("sp-join right stream: with --validate a record bad where the join never reads is rejected") {
  // The bad atom sits in a field neither the key nor the time reads; the
  // control lines still pass.
  std::string bad = "{\"ts\":3,\"k\":\"a\",\"x\":NaN}\n";
  std::string path = write_temp("validate", rec(1) + bad + "\x1esp barrier 1\n" + rec(5) + "\x1esp end\n");
  for (bool validate : {false, true}) {
    INFO("validate " << validate);
    Counters n;
    auto stream = open_stream(path, n, validate);
    sp::RightStream& s = *stream;
    std::vector<sp::Nanos> times;
    while (true) {
      auto head = s.peek(true);
      if (head == sp::RightStream::Head::Blocked) {
        s.unblock();
        continue;
      }
      if (head != sp::RightStream::Head::Record) break;
      times.push_back(s.time());
      s.pop();
    }
    CHECK(s.ended());
    CHECK(times == (validate ? std::vector<sp::Nanos>{sec(1), sec(5)} : std::vector<sp::Nanos>{sec(1), sec(3), sec(5)}));
    CHECK(n.rejected == (validate ? 1u : 0u));
  }
  fs::remove(path);
}

TEST_CASE("sp-join right stream: align_to keeps the records before the barrier, and a snapshot carries them") {
  std::string path = write_temp("align", rec(1) + "not json\n" + rec(5) + "\x1esp barrier 1\n" + rec(7) +
                                             "\x1esp barrier 2\n" + "\x1esp end\n");
  Counters n;
  auto stream = open_stream(path, n);
  sp::RightStream& s = *stream;
  REQUIRE(s.peek(true) == sp::RightStream::Head::Record);  // looked at, not consumed: align_to keeps it too
  REQUIRE(s.align_to(1));
  CHECK(s.barrier() == 1);
  CHECK(s.blocked());
  CHECK(n.rejected == 1);
  sp::StateWriter w;
  s.snapshot(w);
  std::string state = w.take();

  // The stream itself serves the held records first, blocked or not.
  REQUIRE(s.peek(true) == sp::RightStream::Head::Record);
  CHECK(s.time() == sec(1));

  Counters m;
  auto restored_stream = open_stream(path, m);
  sp::RightStream& restored = *restored_stream;
  sp::StateReader r(state);
  restored.restore(r);
  CHECK(r.at_end());
  CHECK(restored.barrier() == 1);
  for (int t : {1, 5, 7}) {
    REQUIRE(restored.peek(true) == sp::RightStream::Head::Record);
    CHECK(restored.time() == sec(t));
    CHECK(restored.json().text().find("\"k\":\"a\"") != std::string_view::npos);
    restored.pop();
  }
  CHECK(restored.peek(true) == sp::RightStream::Head::Blocked);
  CHECK(restored.barrier() == 2);
  fs::remove(path);
}

TEST_CASE("sp-join right stream: a barrier out of sequence, or no end marker before the end, is an error") {
  Counters n;
  std::string skipped = write_temp("skip", rec(1) + "\x1esp barrier 2\n");
  auto a = open_stream(skipped, n);
  REQUIRE(a->peek(true) == sp::RightStream::Head::Record);
  a->pop();
  CHECK_THROWS_AS(a->peek(true), sp::CheckpointError);
  std::string cut = write_temp("cut", rec(1));
  auto b = open_stream(cut, n);
  REQUIRE(b->peek(true) == sp::RightStream::Head::Record);
  b->pop();
  CHECK_THROWS_AS(b->peek(true), sp::IoError);
  fs::remove(skipped);
  fs::remove(cut);
}
