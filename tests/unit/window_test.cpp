// sp-window: option parsing, aggregates, sketches and the window operators
// driven through a fake Context (the driver's per-record watermark order).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/line_issue.h"
#include "libcommon/state_codec.h"
#include "libcommon/timestamp.h"
#include "tools/sp-window/hyperloglog.h"
#include "tools/sp-window/log_sketch.h"
#include "tools/sp-window/make_operator.h"
#include "tools/sp-window/window_options.h"

using namespace sp;

namespace {

// Feeds records to an operator the way the driver does: on_record sees the
// watermark from before the record, then the watermark advances.
class Harness final : public Context {
 public:
  explicit Harness(const std::vector<std::string>& argv_like, Nanos max_delay = 0)
      : max_delay_(max_delay) {
    WindowArgs a;
    std::string time_field = "ts";
    for (size_t i = 0; i + 1 < argv_like.size(); i += 2) {
      const std::string& k = argv_like[i];
      const std::string& v = argv_like[i + 1];
      if (k == "--tumbling") a.tumbling = v;
      else if (k == "--hopping") a.hopping = v;
      else if (k == "--advance") a.advance = v;
      else if (k == "--session") a.session = v;
      else if (k == "--count") a.count = v;
      else if (k == "--by") a.by = v;
      else if (k == "--agg") a.agg = v;
      else if (k == "--allowed-lateness") a.allowed_lateness = v;
      else if (k == "--emit") a.emit = v;
      else if (k == "--max-groups") a.max_groups = std::stoull(v);
      else if (k == "--on-overflow") a.on_overflow = v;
      else if (k == "--time-field") time_field = v;
      else FAIL("unknown test option " << k);
    }
    config_ = a;
    op_ = make_window_operator(resolve_window_config(a, time_field));
  }

  void feed(const std::string& json) {
    buffer_ = json;
    buffer_.append(simdjson::SIMDJSON_PADDING, ' ');
    std::string_view text(buffer_.data(), json.size());
    REQUIRE(json_.load(text) == simdjson::SUCCESS);
    Record r{text, 0, ++line_, kNoTime};
    simdjson::ondemand::value v;
    std::string_view ts;
    if (json_.find(FieldPath::parse("ts"), v) == simdjson::SUCCESS && v.get_string().get(ts) == simdjson::SUCCESS) {
      REQUIRE(parse_rfc3339(ts, r.event_time));
    }
    json_.load(text);
    ++stats_.records_in;
    op_->on_record(r, *this);
    if (r.event_time != kNoTime) {
      Nanos before = watermark_;
      if (max_time_ == kNoTime || r.event_time > max_time_) max_time_ = r.event_time;
      watermark_ = max_time_ - max_delay_;
      if (watermark_ != before) op_->on_watermark(watermark_, *this);
    }
  }
  void end(EndKind kind = EndKind::Final) { op_->on_end(kind, *this); }

  std::string snapshot() const {
    StateWriter w;
    op_->snapshot(w);
    return w.take();
  }
  void restore(const std::string& state, Nanos watermark, Nanos max_time) {
    StateReader r(state);
    op_->restore(r);
    watermark_ = watermark;
    max_time_ = max_time;
  }

  void emit(std::string_view json) override { out.emplace_back(json); }
  void reject(const Record& record, std::string_view reason) override { rejected.emplace_back(reason); }
  std::string locate(const Record& record) const override { return input_position("in", record.line, record.offset); }
  Stats& stats() override { return stats_; }
  JsonRecord& json() override { return json_; }
  Nanos watermark() const override { return watermark_; }
  Nanos now() const override { return now_; }

  std::vector<std::string> out;
  std::vector<std::string> rejected;
  Stats stats_;
  Nanos now_ = 0;
  Nanos watermark_ = kNoTime;
  Nanos max_time_ = kNoTime;

 private:
  WindowArgs config_;
  std::unique_ptr<Operator> op_;
  JsonRecord json_;
  std::string buffer_;
  Nanos max_delay_;
  uint64_t line_ = 0;
};

std::string ev(int seconds, const std::string& user, double v) {
  char ts[64];
  snprintf(ts, sizeof ts, "2026-01-01T00:%02d:%02dZ", seconds / 60, seconds % 60);
  return std::string("{\"ts\":\"") + ts + "\",\"user\":\"" + user + "\",\"v\":" + std::to_string(v) + "}";
}

}  // namespace

TEST_CASE("nearest rank is the smallest rank covering the percentile", "[sp-window]") {
  CHECK(nearest_rank(4, 50, 1) == 2);
  CHECK(nearest_rank(5, 50, 1) == 3);
  CHECK(nearest_rank(1000, 999, 10) == 999);   // p99.9: exact decimal, no float rounding
  CHECK(nearest_rank(1001, 999, 10) == 1000);
  CHECK(nearest_rank(7, 0, 1) == 1);
  CHECK(nearest_rank(7, 100, 1) == 7);
  CHECK(nearest_rank(1, 99, 1) == 1);
}

TEST_CASE("sp-window --agg items, default names and errors", "[sp-window]") {
  WindowConfig c;
  parse_agg_list("count,sum:amount,p99:latency_ms,p99.9:latency_ms,n=distinct:user,count:user", c);
  REQUIRE(c.aggs.size() == 6);
  CHECK(c.aggs[0].name == "count");
  CHECK(c.aggs[0].field == -1);
  CHECK(c.aggs[1].name == "sum_amount");
  CHECK(c.aggs[2].name == "p99_latency_ms");
  CHECK(c.aggs[3].name == "p99.9_latency_ms");
  CHECK(c.aggs[3].pct_num == 999);
  CHECK(c.aggs[3].pct_scale == 10);
  CHECK(c.aggs[4].name == "n");
  CHECK(c.aggs[5].name == "count_user");
  CHECK(c.fields.size() == 3);  // amount, latency_ms, user: each read once
  for (const char* bad : {"median:x", "sum", "p101:x", "p:x", "count,count", "=count", "sum:", ""}) {
    WindowConfig d;
    CHECK_THROWS_AS(parse_agg_list(bad, d), UsageError);
  }
}

TEST_CASE("window options are checked", "[sp-window]") {
  WindowArgs a;
  CHECK_THROWS_AS(resolve_window_config(a, "ts"), UsageError);  // no window
  a.tumbling = "1m";
  CHECK_THROWS_AS(resolve_window_config(a, ""), UsageError);  // no time
  CHECK_NOTHROW(resolve_window_config(a, "ts"));
  a.session = "5m";
  CHECK_THROWS_AS(resolve_window_config(a, "ts"), UsageError);  // two kinds
  WindowArgs h;
  h.hopping = "1m";
  CHECK_THROWS_AS(resolve_window_config(h, "ts"), UsageError);  // no --advance
  h.advance = "2m";
  CHECK_THROWS_AS(resolve_window_config(h, "ts"), UsageError);  // advance > size
  WindowArgs n;
  n.count = "10";
  CHECK_NOTHROW(resolve_window_config(n, ""));  // count windows need no time
  n.emit = "early:0s";
  CHECK_THROWS_AS(resolve_window_config(n, ""), UsageError);
}

TEST_CASE("HyperLogLog stays within 2% and merges like a union", "[sp-window]") {
  HyperLogLog small;
  CHECK(small.estimate() == 0.0);
  for (int i = 0; i < 10; ++i) small.add_hash(hash64("v" + std::to_string(i)));
  CHECK(std::llround(small.estimate()) == 10);
  for (int n : {1000, 50000, 300000}) {
    HyperLogLog a, b, all;
    for (int i = 0; i < n; ++i) {
      uint64_t h = hash64("key-" + std::to_string(i));
      (i % 2 ? a : b).add_hash(h);
      all.add_hash(h);
      all.add_hash(h);  // duplicates change nothing
    }
    a.merge(b);
    CHECK(a.estimate() == all.estimate());
    CHECK(std::fabs(all.estimate() - n) / n < 0.02);
  }
}

TEST_CASE("log sketch: 1% relative accuracy, mergeable, bounded", "[sp-window]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(3.0, 2.0);
  std::vector<double> values;
  LogSketch a, b;
  for (int i = 0; i < 200000; ++i) {
    double x = dist(rng) * (i % 10 == 0 ? -1 : 1);
    values.push_back(x);
    (i % 3 ? a : b).add(x);
  }
  values.push_back(0.0);
  a.add(0.0);
  a.merge(b);
  std::sort(values.begin(), values.end());
  for (double p : {0.1, 1.0, 5.0, 10.0, 25.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
    uint64_t rank = nearest_rank(values.size(), static_cast<uint64_t>(p * 10), 10);
    double exact = values[rank - 1];
    double got = a.value_at_rank(rank);
    INFO("p" << p << " exact " << exact << " got " << got);
    CHECK(std::fabs(got - exact) <= 0.01 * std::fabs(exact) + 1e-12);
  }
  LogSketch wide;
  for (int e = -300; e <= 300; ++e) wide.add(std::pow(10.0, e));
  CHECK(wide.memory_bytes() < 2 * LogSketch::kMaxBuckets * sizeof(uint64_t) + 256);
  StateWriter w;
  a.snapshot(w);
  LogSketch c;
  StateReader r(w.data());
  c.restore(r);
  CHECK(c.value_at_rank(1000) == a.value_at_rank(1000));
}

TEST_CASE("tumbling: lateness judged on the watermark before each record", "[sp-window]") {
  Harness h({"--tumbling", "1m", "--agg", "count,sum:v"});
  h.feed(ev(10, "a", 1));
  h.feed(ev(65, "a", 2));  // closes [0,60)
  REQUIRE(h.out.size() == 1);
  CHECK(h.out[0] == R"({"window_start":"2026-01-01T00:00:00.000Z","window_end":"2026-01-01T00:01:00.000Z","count":1,"sum_v":1})");
  h.feed(ev(50, "a", 4));  // late
  CHECK(h.stats_.get("late") == 1);
  h.feed(ev(60, "a", 8));
  h.end();
  REQUIRE(h.out.size() == 2);
  CHECK(h.out[1].find(R"("count":2,"sum_v":10})") != std::string::npos);
  CHECK(h.stats_.get("aggregated") == 3);
}

TEST_CASE("allowed lateness re-emits the window with update:true", "[sp-window]") {
  Harness h({"--tumbling", "1m", "--allowed-lateness", "30s", "--by", "user", "--agg", "count"});
  h.feed(ev(10, "a", 1));
  h.feed(ev(70, "a", 1));
  h.feed(ev(20, "b", 1));  // closed window, within lateness: new group, updated
  h.feed(ev(91, "a", 1));  // watermark 91 >= 60 + 30: [0,60) expires
  h.feed(ev(30, "a", 1));  // late
  h.end();
  REQUIRE(h.out.size() == 3);
  CHECK(h.out[1] == R"({"window_start":"2026-01-01T00:00:00.000Z","window_end":"2026-01-01T00:01:00.000Z","user":"b","count":1,"update":true})");
  CHECK(h.stats_.get("late") == 1);
  CHECK(h.stats_.get("updates") == 1);
}

TEST_CASE("hopping windows hold each record in size/advance windows", "[sp-window]") {
  Harness h({"--hopping", "1m", "--advance", "20s", "--agg", "count"});
  h.feed(ev(30, "a", 1));
  h.end();
  REQUIRE(h.out.size() == 3);
  CHECK(h.out[0].find(R"("window_start":"2025-12-31T23:59:40.000Z")") != std::string::npos);
  CHECK(h.out[2].find(R"("window_start":"2026-01-01T00:00:20.000Z")") != std::string::npos);
}

TEST_CASE("a record bridging two sessions merges them", "[sp-window]") {
  Harness h({"--session", "10s", "--by", "user", "--agg", "count,sum:v,min:v,max:v,first:v,last:v,stddev:v"}, 30 * kNanosPerSecond);
  h.feed(ev(100, "a", 1));
  h.feed(ev(115, "a", 2));  // 15s later: a second session
  h.feed(ev(108, "a", 4));  // within 10s of both: one session 100..115
  h.feed(ev(200, "b", 8));  // watermark 170 closes a's session (end 125)
  REQUIRE(h.out.size() == 1);
  const std::string expected = R"({"window_start":"2026-01-01T00:01:40.000Z","window_end":"2026-01-01T00:02:05.000Z","user":"a","count":3,"sum_v":7,"min_v":1,"max_v":4,"first_v":1,"last_v":2,"stddev_v":)";
  CHECK(h.out[0].substr(0, expected.size()) == expected);
  // Sample standard deviation of 1, 2, 4 (two sessions merged: Chan's formula).
  CHECK(std::stod(h.out[0].substr(expected.size())) == Approx(std::sqrt(7.0 / 3.0)).epsilon(1e-12));
}

TEST_CASE("count windows emit every N records per key", "[sp-window]") {
  Harness h({"--count", "2", "--advance", "1", "--by", "user", "--agg", "sum:v"});
  for (int i = 0; i < 4; ++i) h.feed(ev(i, "a", i));
  CHECK(h.out.size() == 3);  // windows {0,1} {1,2} {2,3}
  h.end();
  REQUIRE(h.out.size() == 4);  // and {3} at the end
  CHECK(h.out[3].find(R"("sum_v":3)") != std::string::npos);
}

TEST_CASE("snapshot and restore continue open windows", "[sp-window]") {
  const std::vector<std::string> opts = {"--session", "20s", "--by", "user", "--agg", "count,p50:v,distinct:v,approx_distinct:user"};
  std::vector<std::string> records;
  for (int i = 0; i < 200; ++i) records.push_back(ev((i * 7) % 600 + i / 10, "u" + std::to_string(i % 7), i % 13));
  Harness whole(opts, 60 * kNanosPerSecond);
  for (const auto& r : records) whole.feed(r);
  whole.end();

  Harness first(opts, 60 * kNanosPerSecond);
  for (size_t i = 0; i < 120; ++i) first.feed(records[i]);
  first.end(EndKind::Suspend);
  Harness second(opts, 60 * kNanosPerSecond);
  second.restore(first.snapshot(), first.watermark_, first.max_time_);
  for (size_t i = 120; i < records.size(); ++i) second.feed(records[i]);
  second.end();
  std::vector<std::string> joined = first.out;
  joined.insert(joined.end(), second.out.begin(), second.out.end());
  CHECK(joined == whole.out);
  CHECK(!whole.out.empty());
}

TEST_CASE("sp-window --max-groups: an error naming the option, or emit-oldest", "[sp-window]") {
  Harness strict({"--tumbling", "1m", "--by", "user", "--max-groups", "2"});
  strict.feed(ev(1, "a", 1));
  strict.feed(ev(2, "b", 1));
  strict.feed(ev(3, "a", 1));  // existing state: fine
  try {
    strict.feed(ev(4, "c", 1));
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("--max-groups") != std::string::npos);
  }
  Harness evicting({"--tumbling", "1m", "--by", "user", "--max-groups", "2", "--on-overflow", "emit-oldest"});
  evicting.feed(ev(1, "a", 1));
  evicting.feed(ev(2, "b", 1));
  evicting.feed(ev(3, "c", 1));
  CHECK(evicting.out.size() == 2);
  CHECK(evicting.stats_.get("evicted") == 1);
}

TEST_CASE("sp-window --emit early:DUR emits partial rows as processing time passes", "[sp-window]") {
  Harness h({"--tumbling", "1m", "--emit", "early:5s", "--agg", "count"});
  h.now_ = 1000 * kNanosPerSecond;
  h.feed(ev(1, "a", 1));
  h.now_ += 6 * kNanosPerSecond;
  h.feed(ev(2, "a", 1));
  REQUIRE(h.out.size() == 1);
  CHECK(h.out[0].find(R"("count":2,"final":false)") != std::string::npos);
  h.end();
  CHECK(h.out.back().find(R"("count":2,"final":true)") != std::string::npos);
}

TEST_CASE("sp-window --emit update writes the aggregate after every record", "[sp-window]") {
  Harness h({"--tumbling", "1m", "--emit", "update", "--agg", "count"});
  h.feed(ev(1, "a", 1));
  h.feed(ev(2, "a", 1));
  h.feed(ev(61, "a", 1));
  REQUIRE(h.out.size() == 4);
  CHECK(h.out[1].find(R"("count":2,"final":false)") != std::string::npos);
  CHECK(h.out[3].find(R"("count":2,"final":true)") != std::string::npos);
}
