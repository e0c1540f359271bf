// sp-partition: value encoding for file names, templates, option checks,
// key bytes and partition numbers.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>

#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "tools/sp-partition/file_table.h"
#include "tools/sp-partition/output_template.h"
#include "tools/sp-partition/partition_key.h"
#include "tools/sp-partition/partition_operator.h"

namespace {

std::string encoded(std::string_view value) {
  std::string out;
  sp::append_encoded_value(value, out);
  return out;
}

bool is_safe_segment(const std::string& s) {
  if (s.empty() || s == "." || s == ".." || s.front() == '.') return false;
  for (char c : s) {
    if (c == '/' || c == '\0') return false;
  }
  return s.size() <= sp::kMaxEncodedValue + 17;
}

std::string key_of(std::string json, const char* fields) {
  json.append(simdjson::SIMDJSON_PADDING, ' ');
  sp::JsonRecord record;
  REQUIRE(!record.load(std::string_view(json.data(), json.size() - simdjson::SIMDJSON_PADDING)));
  sp::PartitionKey key(sp::parse_field_list(fields));
  std::string_view bytes;
  std::string reason;
  if (!key.extract(record, bytes, reason)) return "!" + reason;
  return std::string(bytes);
}

// The key as the operator takes it from a record's text when the key is one
// top-level field: found by the scan, or parsed when the scan gives up.
std::string key_of_text(std::string json, const char* fields) {
  const size_t size = json.size();
  json.append(simdjson::SIMDJSON_PADDING, ' ');
  sp::PartitionKey key(sp::parse_field_list(fields));
  REQUIRE(key.reads_text());
  std::string_view bytes;
  std::string reason;
  if (!key.extract(std::string_view(json.data(), size), bytes, reason)) return "!" + reason;
  return std::string(bytes);
}

}  // namespace

TEST_CASE("sp-partition: hostile values encode to one safe segment") {
  CHECK(encoded("DE") == "DE");
  CHECK(encoded("a.b-c_d") == "a.b-c_d");
  CHECK(encoded("") == "%");
  CHECK(encoded(".") == "%2E");
  CHECK(encoded("..") == "%2E.");
  CHECK(encoded("../x") == "%2E.%2Fx");
  CHECK(encoded("a/b") == "a%2Fb");
  CHECK(encoded(std::string_view("\0", 1)) == "%00");
  CHECK(encoded("%") == "%25");
  CHECK(encoded("~") == "%7E");
  CHECK(encoded("é") == "%C3%A9");
  CHECK(encoded("a b") == "a%20b");
  for (const char* v : {"", ".", "..", "../x", "a/b", "/", "//", ".hidden", "%", "~"}) {
    INFO(v);
    CHECK(is_safe_segment(encoded(v)));
  }
}

TEST_CASE("sp-partition: long values are cut and hashed, never colliding with short ones") {
  std::string a(300, 'a'), b = a + "b", slashes;
  for (int i = 0; i < 100; ++i) slashes += "../";
  for (const auto& v : {a, b, slashes}) {
    std::string e = encoded(v);
    INFO(e);
    CHECK(is_safe_segment(e));
    CHECK(e.size() <= sp::kMaxEncodedValue);
    CHECK(e.find('~') != std::string::npos);
  }
  CHECK(encoded(a) != encoded(b));
  // The cut never splits a %XX triple.
  std::string e = encoded(slashes);
  size_t tilde = e.find('~');
  for (size_t i = 0; i < tilde; ++i) {
    if (e[i] == '%') CHECK(i + 2 < tilde);
  }
}

TEST_CASE("sp-partition: distinct random values give distinct names") {
  std::mt19937 rng(42);
  std::set<std::string> values, names;
  const std::string alphabet = std::string("ab./%~_-") + '\0' + "\xC3\xA9 ";
  for (int i = 0; i < 20000; ++i) {
    std::string v;
    size_t len = rng() % (i % 50 == 0 ? 400 : 8);
    for (size_t j = 0; j < len; ++j) v.push_back(alphabet[rng() % alphabet.size()]);
    if (!values.insert(v).second) continue;
    std::string e = encoded(v);
    CHECK(is_safe_segment(e));
    names.insert(e);
  }
  CHECK(names.size() == values.size());
}

TEST_CASE("sp-partition: output templates") {
  std::string out;
  sp::expand_output_template("out/part-{partition}.ndjson", "7", out);
  CHECK(out == "out/part-7.ndjson");
  out.clear();
  sp::expand_output_template("lake/{x}/country={value}/a.zst", "DE", out);
  CHECK(out == "lake/{x}/country=DE/a.zst");
  CHECK_NOTHROW(sp::check_output_template("p{partition}", false));
  CHECK_THROWS_AS(sp::check_output_template("p.ndjson", false), sp::UsageError);
  CHECK_THROWS_AS(sp::check_output_template("{value}", false), sp::UsageError);
  CHECK_THROWS_AS(sp::check_output_template("{partition}/{partition}", false), sp::UsageError);
  CHECK_THROWS_AS(sp::check_output_template("{partition}", true), sp::UsageError);
  CHECK_THROWS_AS(sp::check_output_template("{value}/", true), sp::UsageError);
}

TEST_CASE("sp-partition: key bytes follow Kafka for strings, canonical JSON otherwise") {
  CHECK(key_of(R"({"k":"abc"})", "k") == "abc");
  CHECK(key_of(R"({"k":"\u00e9"})", "k") == "\xC3\xA9");
  CHECK(key_of(R"({"k":"\u0000 "})", "k") == std::string("\0 ", 2));
  CHECK(key_of(R"({"k":1.0})", "k") == "1");
  CHECK(key_of(R"({"k":null})", "k") == "null");
  CHECK(key_of(R"({"k":{"b":1, "a":2}})", "k") == R"({"a":2,"b":1})");
  CHECK(key_of(R"({"a":"x","b":2})", "a,b") == R"(["x",2])");
  CHECK(key_of(R"({"a":"x\"y","b":"z"})", "a,b") == R"(["x\"y","z"])");
  CHECK(key_of(R"({"a":{"b":"deep"}})", "a.b") == "deep");
  CHECK(key_of(R"({"x":1})", "k") == "!missing key field k");
  CHECK(key_of(R"({"a":1})", "a.b") == "!key field a.b: the record or a parent field is not an object");
}

TEST_CASE("sp-partition: a one-field key read from the text is the key the parsed record gives") {
  for (const char* record : {R"({"k":"abc"})", R"({"a":[1,{"b":"}"}],"k":"after"})", R"({"k":"\u00e9"})",
                             R"({"k":1.0})", R"({"k":{"b":1, "a":2}})", R"({"k\u0031":"x","k":"y"})",
                             R"({"k":"dup1","k":"dup2"})", R"(  {"x" : "s\"q", "k" : "v" }  )", R"({"k":42})",
                             R"({"k":-0})", R"({"k":18446744073709551615})", R"({"k":18446744073709551616})"}) {
    INFO(record);
    CHECK(key_of_text(record, "k") == key_of(record, "k"));
  }
  CHECK(!sp::PartitionKey(sp::parse_field_list("a,b")).reads_text());
  CHECK(!sp::PartitionKey(sp::parse_field_list("a.b")).reads_text());
  // Records the scan gives up on are parsed, and rejected as the driver would.
  CHECK(key_of_text(R"({"x":1})", "k") == "!missing key field k");
  CHECK(key_of_text(R"([1])", "k") == "!key field k: the record or a parent field is not an object");
  CHECK(key_of_text(R"({"k":"a","x":"cut)", "k") == "!invalid JSON: A string is opened, but never closed.");
}

TEST_CASE("sp-partition: partition numbers") {
  // Kafka: (murmur2 & 0x7fffffff) % N, e.g. librdkafka's "hejsan" with 17 partitions.
  CHECK(sp::partition_of("hejsan", 17, sp::HashKind::Murmur2) == 5);
  CHECK(sp::partition_of("", 7, sp::HashKind::Murmur2) == 2);
  CHECK(sp::partition_of("abc", 13, sp::HashKind::Xxh3) == sp::hash64("abc") % 13);
  for (int i = 0; i < 1000; ++i) {
    std::string k = std::to_string(i);
    CHECK(sp::partition_of(k, 1, sp::HashKind::Murmur2) == 0);
    CHECK(sp::partition_of(k, 8, sp::HashKind::Xxh3) < 8);
  }
}

namespace {

size_t open_fds() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("sp-partition: --max-open-files bounds open files; reopened files append") {
  auto dir = std::filesystem::temp_directory_path() / ("sp-partition-lru-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const size_t before = open_fds();
  std::map<std::string, std::string> want;
  {
    sp::FileTable files((dir / "v={value}/part.ndjson").string(), 0, 3);
    for (int i = 0; i < 200; ++i) {
      // Appended, not built with "v" + ...: GCC 12 warns falsely (-Wrestrict) on that form.
      std::string value = "v";
      value += std::to_string((i * 7) % 11);
      std::string record = "{\"i\":" + std::to_string(i) + "}";
      files.write(files.entry_for_value(value), record);
      want[value] += record + "\n";
      CHECK(open_fds() <= before + 3);
    }
    // Quiet input: every file, open or closed, shows all its records.
    files.flush_open();
    for (const auto& [value, text] : want) CHECK(slurp(dir / ("v=" + value) / "part.ndjson") == text);
    files.finish();
    CHECK(open_fds() == before);
  }
  for (const auto& [value, text] : want) CHECK(slurp(dir / ("v=" + value) / "part.ndjson") == text);
  std::filesystem::remove_all(dir);
}
