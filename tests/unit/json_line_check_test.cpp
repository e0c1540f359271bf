// LineCheck::JsonObject: the input reader's whole-record check of NDJSON.
#include "libcommon/json_line_check.h"

#include <catch2/catch.hpp>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "libcommon/input.h"
#include "libcommon/line_issue.h"

using namespace std::string_literals;

namespace {

struct Flagged {
  std::string text;
  sp::LineIssue issue;
  std::string reason;  // describe_issue(), "" for a good line
};

// Reads `bytes` from a file through an InputReader with the JSON check.
std::vector<Flagged> read_checked(const std::string& bytes, bool read_ahead, size_t read_size = 1 << 20,
                                  bool control_lines = false) {
  char tmpl[] = "/tmp/sp-json-check-XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  const std::string dir = tmpl;
  {
    std::ofstream out(dir + "/in", std::ios::binary);
    out << bytes;
  }
  sp::InputOptions o;
  o.path = dir + "/in";
  o.read_ahead = read_ahead;
  o.read_size = read_size;
  o.check = sp::LineCheck::JsonObject;
  o.control_lines = control_lines;
  std::vector<Flagged> out;
  {
    sp::InputReader reader(o);
    std::vector<sp::InputLine> batch;
    for (;;) {
      batch.clear();
      sp::ReadStatus status = reader.next_batch(batch, 5000);
      for (const auto& l : batch) {
        out.push_back({std::string(l.text), l.issue, l.issue == sp::LineIssue::None ? "" : sp::describe_issue(l)});
      }
      if (status == sp::ReadStatus::End) break;
    }
  }
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace

TEST_CASE("LineCheck::JsonObject flags each line that is not one JSON object", "[input][json]") {
  const bool ahead = GENERATE(false, true);
  const size_t read_size = GENERATE(size_t{7}, size_t{1} << 20);
  INFO("read_ahead " << ahead << ", read_size " << read_size);
  const std::string input =
      "{\"a\":1}\n"
      "{\"a\":tru}\n"             // an atom On-Demand never reads unless asked
      "[1,2]\n"
      "{\"a\":1} {\"b\":2}\n"     // two values on one line
      "b\0d\n"s +
      "\xff\n"
      "{\"n\":NaN}\n"
      "\x1esp barrier 1\n"        // a control line, outside a pipeline
      "{\"a\":[1,}\n"
      "  {\"ok\":true}\t\r\n"     // whitespace around the object is JSON's
      "{}\n"
      "{\"s\":\"\\x\"}\n"         // a bad escape
      "{\"a\":1,}\n"              // a trailing comma
      "\"just a string\"\n"
      "{\"last\":1}";             // no final newline
  auto lines = read_checked(input, ahead, read_size);
  REQUIRE(lines.size() == 15);
  using I = sp::LineIssue;
  const I expected[] = {I::None,        I::InvalidJson, I::NotObject,   I::InvalidJson, I::NulByte,
                        I::InvalidUtf8, I::InvalidJson, I::InvalidJson, I::InvalidJson, I::None,
                        I::None,        I::InvalidJson, I::InvalidJson, I::NotObject,   I::None};
  for (size_t i = 0; i < lines.size(); ++i) {
    INFO("line " << i + 1 << ": " << lines[i].text);
    CHECK(lines[i].issue == expected[i]);
    if (expected[i] == I::InvalidJson) CHECK(lines[i].reason.rfind("invalid JSON: ", 0) == 0);
  }
  CHECK(lines[2].reason == "not a JSON object");
  CHECK(lines[4].reason == "record contains a NUL byte");
  CHECK(lines[5].reason == "record is not valid UTF-8");
}

TEST_CASE("LineCheck::JsonObject lets control lines through in a pipeline", "[input][json]") {
  const bool ahead = GENERATE(false, true);
  auto lines = read_checked("{\"a\":1}\n\x1esp barrier 1\n{\"a\":tru}\n", ahead, 1 << 20, true);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].issue == sp::LineIssue::None);
  CHECK(lines[1].issue == sp::LineIssue::None);
  CHECK(lines[2].issue == sp::LineIssue::InvalidJson);
}

TEST_CASE("LineCheck::JsonObject finds one bad line among many, in every position", "[input][json]") {
  // Enough lines for several check runs per read; one of them is broken by a
  // single byte that only a whole-record parse sees.
  std::string good = "{\"ts\":\"2026-01-01T00:00:00Z\",\"user\":\"u1\",\"n\":[1,2,{\"x\":null}],\"ok\":false}";
  const size_t count = 5000;
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    const size_t bad = round == 0 ? 0 : round == 1 ? count - 1 : rng() % count;
    std::string input;
    for (size_t i = 0; i < count; ++i) {
      std::string line = good;
      if (i == bad) line.replace(line.find("false"), 5, "fals");
      input += line + "\n";
    }
    const bool ahead = round % 2 == 1;
    INFO("bad line " << bad << ", read_ahead " << ahead);
    auto lines = read_checked(input, ahead);
    REQUIRE(lines.size() == count);
    size_t flagged = 0;
    for (size_t i = 0; i < count; ++i) {
      if (lines[i].issue == sp::LineIssue::None) continue;
      ++flagged;
      CHECK(i == bad);
      CHECK(lines[i].issue == sp::LineIssue::InvalidJson);
    }
    CHECK(flagged == 1);
  }
}

TEST_CASE("JsonLineCheck agrees with a whole parse of each line", "[json]") {
  // Random damage to valid records: the batch check and the per-line
  // parse must agree on every line, whichever way the run check goes.
  const std::string base = "{\"a\":[1,2.5e3,-0],\"b\":{\"c\":\"d\\u00e9\\n\"},\"e\":true,\"f\":null}";
  const std::string alphabet = "{}[]:,\"\\ 0-.eE+tfnul\x01\x7f\xc3\xa9";
  std::mt19937 rng(11);
  simdjson::dom::parser parser;
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> texts;
    std::string buffer;
    for (int i = 0; i < 40; ++i) {
      std::string t = base;
      int edits = static_cast<int>(rng() % 3);
      for (int e = 0; e < edits; ++e) t[rng() % t.size()] = alphabet[rng() % alphabet.size()];
      texts.push_back(t);
    }
    for (auto& t : texts) buffer += t + "\n";
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    std::vector<sp::InputLine> lines;
    size_t pos = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      lines.push_back({std::string_view(buffer.data() + pos, texts[i].size()), pos, i + 1, sp::LineIssue::None});
      pos += texts[i].size() + 1;
    }
    sp::JsonLineCheck check(false);
    check.flag(lines, 0);
    for (size_t i = 0; i < texts.size(); ++i) {
      simdjson::dom::element root;
      auto error = parser.parse(texts[i]).get(root);
      const bool whole_ok = !error && root.is_object();
      INFO("round " << round << " line " << i << ": " << texts[i]);
      CHECK((lines[i].issue == sp::LineIssue::None) == whole_ok);
    }
  }
}
