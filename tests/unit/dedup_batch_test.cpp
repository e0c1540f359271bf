// sp-dedup's batch path: key hashes computed in on_batch must give exactly
// the results of the per-record path, whatever the driver does between the
// batch and the records (lines it rejects, control lines it keeps, records
// that come from elsewhere).
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "libcommon/line_issue.h"
#include "libcommon/operator.h"
#include "tools/sp-dedup/batch_hashes.h"
#include "tools/sp-dedup/dedup_operator.h"
#include "tools/sp-dedup/dedup_options.h"

using namespace sp;

TEST_CASE("batch hashes match records by identity, in order, skipping what never came", "[sp-dedup]") {
  std::string buffer = "aaa\nbbb\naaa\nccc";
  std::string_view all(buffer);
  std::string_view a1 = all.substr(0, 3), b = all.substr(4, 3), a2 = all.substr(8, 3), c = all.substr(12, 3);
  BatchHashes batch;
  batch.add(a1, Hash128{1, 1});
  batch.add(b, Hash128{2, 2});
  batch.add(a2, Hash128{});  // left to the record
  batch.add(c, Hash128{4, 4});

  CHECK(batch.ahead(1)->low == 1);
  CHECK(batch.ahead(4)->low == 4);
  CHECK(batch.ahead(5) == nullptr);
  std::string copy(b);
  CHECK(batch.take(copy) == nullptr);  // equal bytes elsewhere are not the batch's line
  REQUIRE(batch.take(b) != nullptr);   // a1 is passed over: it never came
  CHECK(batch.take(b) == nullptr);     // each line is handed out once
  CHECK(batch.ahead(1) == nullptr);    // a2 (no hash) is next
  CHECK(batch.take(a1) == nullptr);    // passed over for good
  CHECK(batch.take(a2) == nullptr);    // no hash: the record works it out
  REQUIRE(batch.take(c) != nullptr);
  CHECK(batch.take(c) == nullptr);
  batch.clear();
  CHECK(batch.take(a1) == nullptr);
}

namespace {

// Feeds one batch to sp-dedup the way the driver does: on_batch with every
// line, then on_record for each line that is a record and is not rejected
// first (a line issue, or invalid JSON when the operator wants it parsed).
class DedupHarness final : public Context {
 public:
  DedupHarness(const std::vector<std::string>& args, bool driver_parses) {
    DedupArgs a;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--raw") a.raw = true;
      else if (args[i] == "--key") a.key = args[++i];
      else if (args[i] == "--within-records") a.within_records = std::stoull(args[++i]);
      else if (args[i] == "--duplicates") a.duplicates = true;
      else if (args[i] == "--require-key") a.require_key = true;
      else FAIL("unknown test option " << args[i]);
    }
    CommonOptions common;
    if (driver_parses) common.time_field = "ts";  // the driver then parses every record
    op_ = std::make_unique<DedupOperator>(resolve_dedup_options(a, common));
  }

  // `skip`: lines the driver keeps from on_record (control lines).
  void run(const std::vector<InputLine>& lines, bool call_on_batch, const std::vector<size_t>& skip = {}) {
    if (call_on_batch) op_->on_batch(lines);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (std::find(skip.begin(), skip.end(), i) != skip.end()) continue;
      handle(lines[i]);
    }
  }
  void handle(const InputLine& line) {
    Record r{line.text, line.offset, line.line, kNoTime};
    if (line.issue != LineIssue::None) {
      reject(r, "line issue");
      return;
    }
    if (op_->wants_json()) {
      if (auto error = json_.load(line.text)) {
        reject(r, std::string("invalid JSON: ") + simdjson::error_message(error));
        return;
      }
    }
    op_->on_record(r, *this);
  }

  void emit(std::string_view json) override { out.emplace_back(json); }
  std::string locate(const Record& record) const override { return input_position("in", record.line, record.offset); }
  void reject(const Record& record, std::string_view reason) override {
    out.push_back("rejected " + std::to_string(record.line) + ": " + std::string(reason));
  }
  Stats& stats() override { return stats_; }
  JsonRecord& json() override { return json_; }
  Nanos watermark() const override { return kNoTime; }
  Nanos now() const override { return 0; }

  std::vector<std::string> out;

 private:
  std::unique_ptr<Operator> op_;
  Stats stats_;
  JsonRecord json_;
};

// Lines laid out in one padded buffer, as the input reader hands them out.
struct Batch {
  explicit Batch(const std::vector<std::string>& texts) {
    for (const auto& t : texts) buffer += t + "\n";
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    size_t at = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      lines.push_back(InputLine{std::string_view(buffer).substr(at, texts[i].size()), at, i + 1, LineIssue::None});
      at += texts[i].size() + 1;
    }
  }
  std::string buffer;
  std::vector<InputLine> lines;
};

const std::vector<std::string> kTexts = {
    R"({"id":1,"v":"a"})",
    R"({"v":"a","id":1})",
    R"({"id":2,"v":"b"})",
    R"({"id":1,"v":"a"})",
    R"(not json)",
    R"([1,2])",
    R"({"v":"no id"})",
    R"({"id":2,"v":"b"})",
    R"({"id":"2","v":"c"})",
    R"({"id":3,"v":"d"})",
    R"({"id":3,"v":"d"})",
    R"({"id":{"b":1,"a":2}})",
    R"({"id":{"a":2,"b":1}})",
    R"({"id":1,"v":"a"})",
};

}  // namespace

TEST_CASE("sp-dedup: hashes from on_batch give the per-record results", "[sp-dedup]") {
  const std::vector<std::vector<std::string>> modes = {
      {"--raw"}, {}, {"--key", "id"}, {"--key", "id", "--require-key"}, {"--key", "id", "--within-records", "3"},
      {"--key", "id", "--duplicates"}, {"--raw", "--key", "id"}};
  for (const auto& mode : modes) {
    std::string name;
    for (const auto& a : mode) name += a + " ";
    INFO("options: " << name);

    // The per-record path: no batch, and the driver parses each record
    // when the key needs JSON (--time-field makes it do so).
    const bool needs_json = mode != std::vector<std::string>{"--raw"};
    Batch plain(kTexts);
    plain.lines[9].issue = LineIssue::InvalidUtf8;
    DedupHarness want(mode, needs_json);
    want.run(plain.lines, false, {5});

    Batch batched(kTexts);
    batched.lines[9].issue = LineIssue::InvalidUtf8;
    DedupHarness got(mode, false);
    got.run(batched.lines, true, {5});
    CHECK(got.out == want.out);

    // A record that is an equal copy, not the batch's line, and lines of an
    // earlier batch arriving late: computed per record, same results.
    Batch again(kTexts);
    DedupHarness mixed(mode, false);
    mixed.run(again.lines, true);
    Batch copy(kTexts);
    for (const InputLine& line : copy.lines) mixed.handle(line);
    Batch ref1(kTexts), ref2(kTexts);
    DedupHarness reference(mode, needs_json);
    reference.run(ref1.lines, false);
    reference.run(ref2.lines, false);
    CHECK(mixed.out == reference.out);
  }
}
