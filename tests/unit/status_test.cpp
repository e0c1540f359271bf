#include "libcommon/status.h"

#include <simdjson.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "libcommon/cli.h"
#include "libcommon/errors.h"
#include "libcommon/progress.h"

using namespace sp;

namespace {

constexpr Nanos kSecond = 1'000'000'000;
constexpr Nanos kNewYear = 1'767'225'600 * kSecond;  // 2026-01-01T00:00:00Z

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("format_progress shows records, bytes and rates", "[progress]") {
  ProgressCounters c{.records = 1000, .bytes = 3 * 1048576};
  CHECK(format_progress("sp-x", c, 2 * kSecond) == "sp-x: 1000 records, 3.0 MiB, 500 rec/s, 1.5 MiB/s");
  CHECK(format_progress("sp-x", ProgressCounters{}, 0) == "sp-x: 0 records, 0 B, 0 rec/s, 0 B/s");
}

TEST_CASE("format_progress shows percent done and ETA for a file", "[progress]") {
  // A quarter of a 4 MiB file in 10 s: 30 s to go.
  ProgressCounters c{.records = 250, .bytes = 1048576, .position = 1048576, .start_position = 0, .size = 4 * 1048576};
  CHECK(format_progress("sp-x", c, 10 * kSecond) ==
        "sp-x: 250 records, 1.0 MiB, 25 rec/s, 102.4 KiB/s, 25.0%, ETA 30s");
  // Resumed at half the file: the pace counts only this run's bytes.
  c = {.records = 10, .bytes = 1048576, .position = 3 * 1048576, .start_position = 2 * 1048576, .size = 4 * 1048576};
  CHECK(format_progress("sp-x", c, 100 * kSecond).ends_with(", 75.0%, ETA 1m40s"));
  // Done.
  c = {.records = 4, .bytes = 100, .position = 100, .size = 100};
  CHECK(format_progress("sp-x", c, kSecond).ends_with(", 100.0%, ETA 0s"));
  // Nothing read yet: no pace, no ETA.
  c = {.records = 0, .bytes = 0, .position = 0, .size = 100};
  CHECK(format_progress("sp-x", c, kSecond).ends_with(", 0.0%, ETA ?"));
}

TEST_CASE("format_progress shows how far behind a followed file the tool is", "[progress]") {
  ProgressCounters c{.records = 5, .bytes = 500, .position = 500, .size = 2548, .follow = true};
  CHECK(format_progress("sp-x", c, kSecond) == "sp-x: 5 records, 500 B, 5 rec/s, 500 B/s, 2.0 KiB behind");
}

TEST_CASE("format_eta and format_bytes are short", "[progress]") {
  CHECK(format_eta(0) == "0s");
  CHECK(format_eta(0.2) == "1s");
  CHECK(format_eta(59) == "59s");
  CHECK(format_eta(65) == "1m05s");
  CHECK(format_eta(3600 + 180) == "1h03m");
  CHECK(format_eta(2 * 86400 + 3 * 3600) == "2d03h");
  CHECK(format_eta(-1) == "?");
  CHECK(format_bytes(0) == "0 B");
  CHECK(format_bytes(1023) == "1023 B");
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(5.0 * 1024 * 1024 * 1024) == "5.0 GiB");
}

TEST_CASE("ProgressLine draws nothing when stderr is not a terminal", "[progress]") {
  if (isatty(STDERR_FILENO)) return;  // run by hand on a terminal: nothing to check
  ProgressLine line("sp-x", true);
  CHECK_FALSE(line.due(kSecond));
}

namespace {

StatusReport sample_report() {
  StatusReport r;
  r.tool = "sp-window";
  r.name = "sp-window";
  r.pid = 42;
  r.started = kNewYear;
  r.updated = kNewYear + 5 * kSecond;
  r.elapsed_s = 5;
  r.counters = R"({"records_in":10,"records_out":2})";
  r.interval_s = 5;
  r.records_per_s = 2;
  r.bytes_per_s = 100;
  r.input = "app.log";
  r.follow = true;
  r.offset = 500;
  r.size = 800;
  r.lag = 300;
  r.quiet_s = 12;
  r.event_time = true;
  r.watermark = kNewYear + 55 * kSecond;
  r.max_event_time = kNewYear + 60 * kSecond;
  r.max_delay = 5 * kSecond;
  r.gauges = {{"open_windows", 1}, {"groups", 3}};
  return r;
}

}  // namespace

TEST_CASE("format_status writes every field as JSON", "[status]") {
  StatusReport r = sample_report();
  r.last_error = Diagnostic{kNewYear + kSecond, "app.log:3 (byte 40): rejected: invalid JSON"};
  std::string doc = format_status(r);
  CHECK(doc ==
        R"({"tool":"sp-window","name":"sp-window","pid":42,"state":"running","started":"2026-01-01T00:00:00.000Z",)"
        R"("updated":"2026-01-01T00:00:05.000Z","elapsed_s":5,"counters":{"records_in":10,"records_out":2},)"
        R"("rates":{"interval_s":5,"records_per_s":2,"bytes_per_s":100},)"
        R"("input":{"name":"app.log","follow":true,"offset":500,"size":800,"lag_bytes":300,"quiet_s":12},)"
        R"("watermark":"2026-01-01T00:00:55.000Z","max_event_time":"2026-01-01T00:01:00.000Z",)"
        R"("gauges":{"open_windows":1,"groups":3},"pending":null,)"
        R"("last_error":{"at":"2026-01-01T00:00:01.000Z","message":"app.log:3 (byte 40): rejected: invalid JSON"},)"
        R"("last_warning":null})"
        "\n");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  CHECK(parser.parse(doc).get(root) == simdjson::SUCCESS);
}

TEST_CASE("format_status: no event time, no input file", "[status]") {
  StatusReport r;
  r.tool = r.name = "sp-gen";
  std::string doc = format_status(r);
  CHECK(doc.find(R"("input":null,)") != std::string::npos);
  CHECK(doc.find(R"("watermark":null,"max_event_time":null)") != std::string::npos);
  CHECK(doc.find(R"("counters":{})") != std::string::npos);
}

TEST_CASE("explain_pending says what holds a window and what would close it", "[status]") {
  StatusReport r = sample_report();
  r.pending = PendingState{"window", kNewYear, kNewYear + 60 * kSecond, 3, ""};
  CHECK(explain_pending(r) ==
        "the window ending 2026-01-01T00:01:00.000Z is emitted when the watermark reaches its end; the watermark is "
        "2026-01-01T00:00:55.000Z (latest event time 2026-01-01T00:01:00.000Z minus --max-delay 5s), so it waits "
        "for a record with event time at or after 2026-01-01T00:01:05.000Z; the input has been quiet for 12s: "
        "--idle-timeout DUR would move the watermark on with the wall clock after DUR of quiet input");
  r.idle_timeout = 30 * kSecond;
  CHECK(explain_pending(r).ends_with(
      "or for the input to be quiet for --idle-timeout 30s (quiet for 12s now), which moves the watermark on with "
      "the wall clock"));
  r.state = "done";
  r.pending->hint = "once emitted, --allowed-lateness 1m keeps it 1m longer for late records";
  CHECK(explain_pending(r).ends_with(
      "2026-01-01T00:01:05.000Z; the input ended and --checkpoint keeps the window open for the next run "
      "(once emitted, --allowed-lateness 1m keeps it 1m longer for late records)"));
  r.event_time = false;
  r.state = "running";
  CHECK(explain_pending(r).find("the watermark follows processing time (--processing-time)") != std::string::npos);

  std::string doc = format_status(r);
  CHECK(doc.find(R"("pending":{"what":"window","start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z",)"
                 R"("groups":3,)") != std::string::npos);
}

TEST_CASE("StatusFile writes atomically and refuses an unwritable path", "[status]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("sp-status-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "status.json").string();
  {
    StatusFile file(path, kSecond, "sp-test", "mine");
    std::string first = read_all(path);
    CHECK(first.find(R"("tool":"sp-test","name":"mine")") != std::string::npos);
    CHECK(first.find(R"("state":"running")") != std::string::npos);
    StatusReport r;
    r.counters = R"({"records_in":7})";
    file.publish(r, 7, 70);
    StatusReport last;
    last.state = "done";
    last.counters = R"({"records_in":9})";
    file.finish(last, 9, 90);
    std::string doc = read_all(path);
    CHECK(doc.find(R"("state":"done")") != std::string::npos);
    CHECK(doc.find(R"("records_in":9)") != std::string::npos);
  }
  // Only the status file is left: no temporary files.
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);
  fs::remove_all(dir);

  CHECK_THROWS_AS(StatusFile("/nonexistent-dir/status.json", kSecond, "sp-test", "x"), UsageError);
  try {
    StatusFile("/nonexistent-dir/status.json", kSecond, "sp-test", "x");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("/nonexistent-dir/status.json") != std::string::npos);
  }
}

TEST_CASE("status_interval: default 5s, positive, only with --status", "[status]") {
  CommonOptions o;
  CHECK(status_interval(o) == 5 * kSecond);
  o.status_interval = "2s";
  CHECK_THROWS_AS(status_interval(o), UsageError);
  o.status = "s.json";
  CHECK(status_interval(o) == 2 * kSecond);
  o.status_interval = "0s";
  CHECK_THROWS_AS(status_interval(o), UsageError);
}
