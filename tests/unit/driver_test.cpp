#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "libcommon/driver.h"
#include "libcommon/state_codec.h"

namespace {

std::string temp_dir() {
  char tmpl[] = "/tmp/sp-driver-test-XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  return tmpl;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Records what the driver tells it, and emits "<event time>/<watermark seen>"
// lines so that tests can check the order of events.
class Recorder final : public sp::Operator {
 public:
  std::vector<std::string>* log;
  uint64_t count = 0;
  explicit Recorder(std::vector<std::string>* l) : log(l) {}
  void on_record(const sp::Record& r, sp::Context& ctx) override {
    ++count;
    if (r.text.find("reject") != std::string_view::npos) {
      ctx.reject(r, "asked to");
      return;
    }
    ctx.emit(std::to_string(r.event_time) + "/" + std::to_string(ctx.watermark()));
  }
  void on_watermark(sp::Nanos w, sp::Context&) override { log->push_back("wm " + std::to_string(w)); }
  void on_end(sp::EndKind kind, sp::Context& ctx) override {
    log->push_back(kind == sp::EndKind::Final ? "end final" : "end suspend");
    ctx.emit("count " + std::to_string(count));
  }
  void snapshot(sp::StateWriter& out) const override { out.u64(count); }
  void restore(sp::StateReader& in) override { count = in.u64(); }
  std::string state_options() const override { return "recorder v1"; }
};

int run(std::vector<std::string> args, std::vector<std::string>* log) {
  std::vector<char*> argv;
  args.insert(args.begin(), "sp-test");
  for (auto& a : args) argv.push_back(a.data());
  sp::ToolCli cli("sp-test", "driver test", "", sp::kFeatureAll);
  int rc = cli.parse(static_cast<int>(argv.size()), argv.data());
  if (rc >= 0) return rc;
  return sp::run_tool(cli, [&] { return std::make_unique<Recorder>(log); });
}

}  // namespace

TEST_CASE("driver judges each record against the watermark before it", "[driver]") {
  auto dir = temp_dir();
  // Event times in seconds; max delay 2s. The watermark moves per record.
  write_file(dir + "/in", "{\"t\":10}\n{\"t\":5}\n{\"t\":13}\n{\"t\":12}\n");
  std::vector<std::string> log;
  REQUIRE(run({"--input", dir + "/in", "--output", dir + "/out", "--time-field", "t", "--time-format", "epoch_s",
               "--max-delay", "2s"},
              &log) == 0);
  const std::string no = std::to_string(sp::kNoTime);
  CHECK(read_file(dir + "/out") == "10000000000/" + no + "\n5000000000/8000000000\n13000000000/8000000000\n" +
                                       "12000000000/11000000000\ncount 4\n");
  CHECK(log == std::vector<std::string>{"wm 8000000000", "wm 11000000000", "end final"});
}

TEST_CASE("driver accounts rejected records and stops past --max-errors", "[driver]") {
  auto dir = temp_dir();
  write_file(dir + "/in", "{}\n{\"reject\":1}\n{}\n{\"reject\":2}\n");
  std::vector<std::string> log;
  CHECK(run({"--input", dir + "/in", "--output", dir + "/out", "--dead-letter", dir + "/dl"}, &log) == 0);
  CHECK(std::count(log.begin(), log.end(), "end final") == 1);
  std::string dl = read_file(dir + "/dl");
  CHECK(dl.find("\"line\":2,\"reason\":\"asked to\",\"record\":\"{\\\"reject\\\":1}\"") != std::string::npos);
  CHECK(dl.find("\"line\":4") != std::string::npos);
  CHECK(run({"--input", dir + "/in", "--output", dir + "/out", "--max-errors", "1"}, &log) == 1);
  CHECK(run({"--input", dir + "/in", "--output", dir + "/out", "--strict"}, &log) == 1);
}

TEST_CASE("driver resumes from a checkpoint: state restored, input sought, output truncated", "[driver]") {
  auto dir = temp_dir();
  write_file(dir + "/in", "{}\n{}\n");
  std::vector<std::string> log;
  REQUIRE(run({"--input", dir + "/in", "--output", dir + "/out", "--checkpoint", dir + "/ck"}, &log) == 0);
  CHECK(log.back() == "end suspend");
  CHECK(read_file(dir + "/out") == std::to_string(sp::kNoTime) + "/" + std::to_string(sp::kNoTime) + "\n" +
                                       std::to_string(sp::kNoTime) + "/" + std::to_string(sp::kNoTime) +
                                       "\ncount 2\n");
  // Simulate a crash after the checkpoint: garbage appended to the output
  // must be cut off on resume.
  { std::ofstream(dir + "/out", std::ios::app) << "garbage after the checkpoint\n"; }
  { std::ofstream(dir + "/in", std::ios::app) << "{}\n"; }
  REQUIRE(run({"--input", dir + "/in", "--output", dir + "/out", "--checkpoint", dir + "/ck"}, &log) == 0);
  std::string out = read_file(dir + "/out");
  CHECK(out.find("garbage") == std::string::npos);
  CHECK(out.substr(out.size() - 8) == "count 3\n");  // restored count 2, plus one new record
}

TEST_CASE("driver refuses a checkpoint taken on another input", "[driver]") {
  auto dir = temp_dir();
  write_file(dir + "/a", "{\"a\":1}\n");
  write_file(dir + "/b", "{\"b\":2}\n");
  std::vector<std::string> log;
  REQUIRE(run({"--input", dir + "/a", "--output", dir + "/out", "--checkpoint", dir + "/ck"}, &log) == 0);
  CHECK(run({"--input", dir + "/b", "--output", dir + "/out", "--checkpoint", dir + "/ck"}, &log) == 2);
}

TEST_CASE("driver reports usage errors with status 2", "[driver]") {
  std::vector<std::string> log;
  CHECK(run({"--max-record-size", "lots"}, &log) == 2);
  CHECK(run({"--time-field", "t", "--max-delay", "soon"}, &log) == 2);
  CHECK(run({"--checkpoint-every", "10"}, &log) == 2);
  CHECK(run({"--follow"}, &log) == 2);
  CHECK(run({"--no-such-option"}, &log) == 2);
}
