// Pipeline checkpoints: control lines, the checkpoint directory's commit
// record and snapshots, and the barrier aligner of sp-partition --exec.
#include <catch2/catch.hpp>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "libcommon/barrier_aligner.h"
#include "libcommon/control_line.h"
#include "libcommon/errors.h"
#include "libcommon/pipeline_dir.h"

namespace fs = std::filesystem;
using sp::BarrierAligner;
using sp::ControlLine;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sp-pipeline-test.XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("control lines round-trip and can never be JSON", "[pipeline]") {
  for (ControlLine c : {ControlLine{.kind = ControlLine::Kind::Barrier, .epoch = 7},
                        ControlLine{.kind = ControlLine::Kind::Watermark, .watermark = -5},
                        ControlLine{.kind = ControlLine::Kind::Watermark, .watermark = 1767225600000000000},
                        ControlLine{.kind = ControlLine::Kind::End}}) {
    std::string line = sp::format_control_line(c);
    CHECK(sp::is_control_line(line));
    ControlLine back;
    REQUIRE(sp::parse_control_line(line, back));
    CHECK(back.kind == c.kind);
    CHECK(back.epoch == c.epoch);
    CHECK(back.watermark == c.watermark);
    simdjson::dom::parser parser;
    CHECK(parser.parse(simdjson::padded_string(line)).error() != simdjson::SUCCESS);
  }
  CHECK(sp::format_control_line(ControlLine{.kind = ControlLine::Kind::Barrier, .epoch = 3}) == "\x1esp barrier 3");
}

TEST_CASE("malformed control lines are refused", "[pipeline]") {
  ControlLine c;
  for (const char* bad : {"\x1esp barrier", "\x1esp barrier 0", "\x1esp barrier 3x", "\x1esp barrier -1",
                          "\x1esp watermark", "\x1esp ends", "\x1esp", "\x1eother", "sp end", "{\"a\":1}"}) {
    INFO(bad);
    CHECK_FALSE(sp::parse_control_line(bad, c));
  }
  CHECK_FALSE(sp::is_control_line("{\"a\":1}"));
  CHECK_FALSE(sp::is_control_line(""));
}

TEST_CASE("commit records round-trip and refuse any change", "[pipeline]") {
  sp::PipelineCommit c{.epoch = 12, .sink = "sp-window", .has_output_length = true, .output_length = 4096};
  std::string text = sp::serialize_commit(c);
  CHECK(text.starts_with("sp-commit 1\nepoch 12\nsink sp-window\noutput_length 4096\nchecksum "));
  CHECK(sp::parse_commit(text, "COMMIT") == c);
  sp::PipelineCommit stdout_sink{.epoch = 1, .sink = "x"};
  CHECK(sp::parse_commit(sp::serialize_commit(stdout_sink), "COMMIT") == stdout_sink);
  for (size_t i = 0; i < text.size(); ++i) {
    std::string bad = text;
    bad[i] = static_cast<char>(bad[i] ^ 0x04);
    INFO("flipped byte " << i);
    CHECK_THROWS_AS(sp::parse_commit(bad, "COMMIT"), sp::CheckpointError);
  }
  for (size_t n = 0; n < text.size(); ++n) {
    INFO("truncated to " << n);
    CHECK_THROWS_AS(sp::parse_commit(text.substr(0, n), "COMMIT"), sp::CheckpointError);
  }
}

TEST_CASE("member names are checked", "[pipeline]") {
  CHECK_NOTHROW(sp::check_member_name("sp-dedup.3"));
  CHECK_NOTHROW(sp::check_member_name("A_b-9"));
  for (const char* bad : {"", "COMMIT", "a/b", "a b", ".hidden", "é"}) {
    INFO(bad);
    CHECK_THROWS_AS(sp::check_member_name(bad), sp::UsageError);
  }
}

TEST_CASE("a pipeline directory keeps snapshots per member and epoch", "[pipeline]") {
  TempDir tmp;
  std::string dir = tmp.path + "/ck";
  sp::PipelineDir a(dir, "a");
  CHECK_FALSE(a.read_commit().has_value());
  sp::Checkpoint c;
  c.tool = "sp-dedup";
  c.state = "state";
  for (uint64_t e : {1, 2, 3}) {
    c.epoch = e;
    a.write_snapshot(e, c);
  }
  {
    sp::PipelineDir ab(dir, "a.b");  // a prefix of another name is another member
    ab.write_snapshot(1, c);
    ab.write_snapshot(5, c);
  }
  CHECK(a.snapshot_epochs() == std::vector<uint64_t>{1, 2, 3});
  CHECK(a.read_snapshot(2).epoch == 2);
  CHECK_THROWS_WITH(a.read_snapshot(9), Catch::Contains("without a snapshot of member 'a'"));
  a.remove_snapshots_before(2);
  CHECK(a.snapshot_epochs() == std::vector<uint64_t>{2, 3});
  a.remove_snapshots_except(2);
  CHECK(a.snapshot_epochs() == std::vector<uint64_t>{2});
  CHECK(files_in(dir) == std::vector<std::string>{"a.2.ckpt", "a.b.1.ckpt", "a.b.5.ckpt", "a.b.lock", "a.lock"});

  a.write_commit(sp::PipelineCommit{.epoch = 2, .sink = "a"});
  REQUIRE(a.read_commit().has_value());
  CHECK(a.read_commit()->epoch == 2);
  CHECK(sp::pipeline_dir_to_json(dir) ==
        "{\n  \"committed_epoch\": 2,\n  \"sink\": \"a\",\n  \"output_length\": null,\n  \"snapshots\": {\n"
        "    \"a\": [2],\n    \"a.b\": [1, 5]\n  }\n}\n");
}

TEST_CASE("two members cannot share a name", "[pipeline]") {
  TempDir tmp;
  sp::PipelineDir first(tmp.path, "same");
  // The second waits a few seconds for the first to exit, then gives up.
  CHECK_THROWS_WITH(sp::PipelineDir(tmp.path, "same"), Catch::Contains("another pipeline member named 'same'"));
}

namespace {

struct AlignerRun {
  BarrierAligner aligner;
  std::vector<std::string> out;  // data lines, and "|e" where epoch e aligned
  explicit AlignerRun(size_t inputs) : aligner(inputs) {}
  void push(size_t input, std::string_view line) {
    aligner.push(
        input, line, [&](std::string_view l) { out.emplace_back(l); },
        [&](uint64_t e) { out.push_back("|" + std::to_string(e)); });
  }
};

std::string barrier(uint64_t e) {
  return sp::format_control_line(ControlLine{.kind = ControlLine::Kind::Barrier, .epoch = e});
}

}  // namespace

TEST_CASE("the aligner holds an input's lines after its barrier until all inputs passed it", "[pipeline]") {
  AlignerRun r(3);
  r.push(0, "a1");
  r.push(0, barrier(1));
  r.push(0, "a2");  // epoch 2: held
  r.push(1, "b1");
  r.push(1, barrier(1));
  r.push(1, "b2");
  r.push(0, barrier(2));
  r.push(0, "a3");
  r.push(2, "c1");
  CHECK(r.out == std::vector<std::string>{"a1", "b1", "c1"});
  CHECK(r.aligner.held_bytes() > 0);
  r.push(2, barrier(1));  // epoch 1 aligned: held lines follow, a3 still waits for epoch 2
  CHECK(r.out == std::vector<std::string>{"a1", "b1", "c1", "|1", "a2", "b2"});
  r.push(2, "c2");
  r.push(1, barrier(2));
  r.push(2, sp::format_control_line(ControlLine{.kind = ControlLine::Kind::Watermark, .watermark = 5}));
  r.push(2, barrier(2));
  CHECK(r.out == std::vector<std::string>{"a1", "b1", "c1", "|1", "a2", "b2", "c2", "|2", "a3"});
  CHECK(r.aligner.held_bytes() == 0);
  CHECK(r.aligner.aligned_epoch() == 2);
}

TEST_CASE("the aligner releases several epochs held at once in order", "[pipeline]") {
  AlignerRun r(2);
  for (uint64_t e = 1; e <= 3; ++e) {
    r.push(0, "a" + std::to_string(e));
    r.push(0, barrier(e));
  }
  r.push(0, "a4");
  CHECK(r.out == std::vector<std::string>{"a1"});
  for (uint64_t e = 1; e <= 3; ++e) {
    r.push(1, "b" + std::to_string(e));
    r.push(1, barrier(e));
  }
  CHECK(r.out == std::vector<std::string>{"a1", "b1", "|1", "a2", "b2", "|2", "a3", "b3", "|3", "a4"});
}
