#include "libcommon/checkpoint.h"

#include <catch2/catch.hpp>
#include <simdjson.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

#include "libcommon/atomic_file.h"
#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/state_codec.h"

namespace fs = std::filesystem;
using sp::Checkpoint;
using sp::CheckpointError;
using sp::IoError;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sp-checkpoint-test.XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return path + "/" + name; }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

Checkpoint sample(size_t state_size = 4096) {
  Checkpoint c;
  c.tool = "sp-dedup";
  c.options_fingerprint = 0x0123456789abcdefull;
  c.options_summary = "--key id --within 10m";
  c.input_name = "/data/in.ndjson";
  c.input = {2049, 1234567, 987654321, 0xfeedfacecafebeefull, 4096};
  c.input_offset = 123456;
  c.input_line = 789;
  c.has_output_length = true;
  c.output_length = 55555;
  c.watermark = 1767225600000000000;
  c.created_at = 1767225700000000000;
  c.epoch = 42;
  c.stats_json = R"({"records_in":10,"duplicate":2})";
  std::mt19937_64 rng(7);
  c.state.resize(state_size);
  for (auto& ch : c.state) ch = static_cast<char>(rng() % 16);  // compressible, with NULs
  return c;
}

// Recomputes the trailing checksum after a deliberate edit of the body.
void reseal(std::string& bytes) {
  sp::StateWriter w;
  w.u64(sp::hash64(std::string_view(bytes).substr(0, bytes.size() - 8)));
  bytes.replace(bytes.size() - 8, 8, w.data());
}

}  // namespace

TEST_CASE("checkpoint round-trips every field through a file", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("ckpt");
  Checkpoint c = sample(100000);
  sp::write_checkpoint(path, c);
  Checkpoint back = sp::read_checkpoint(path);
  CHECK(back.state_compressed_bytes > 0);
  CHECK(back.state_compressed_bytes < c.state.size());
  CHECK(back.format_version == Checkpoint::kFormatVersion);
  c.state_compressed_bytes = back.state_compressed_bytes;
  CHECK(back == c);

  SECTION("defaults and empty strings too") {
    Checkpoint empty;
    sp::write_checkpoint(path, empty);
    Checkpoint b = sp::read_checkpoint(path);
    CHECK(b.watermark == std::numeric_limits<int64_t>::min());
    CHECK(!b.has_output_length);
    CHECK(b.state.empty());
    empty.state_compressed_bytes = b.state_compressed_bytes;
    CHECK(b == empty);
  }
}

TEST_CASE("checkpoint bytes are deterministic and start with the magic", "[checkpoint]") {
  std::string a = sp::serialize_checkpoint(sample());
  CHECK(a == sp::serialize_checkpoint(sample()));
  CHECK(a.substr(0, 8) == std::string("SPCKPT\0\n", 8));
  CHECK(a.substr(8, 4) == std::string("\x01\0\0\0", 4));
}

TEST_CASE("checkpoint file has mode 0600 whatever the umask and the old mode", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("ckpt");
  spit(path, "old");
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  mode_t old_umask = umask(0);
  sp::write_checkpoint(path, sample());
  umask(old_umask);
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
}

TEST_CASE("checkpoint with any single flipped byte is refused", "[checkpoint]") {
  const std::string good = sp::serialize_checkpoint(sample(64));
  REQUIRE_NOTHROW(sp::parse_checkpoint(good, "ckpt"));
  for (size_t i = 0; i < good.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      INFO("byte " << i << " of " << good.size() << " xor " << int(mask));
      CHECK_THROWS_AS(sp::parse_checkpoint(bad, "ckpt"), CheckpointError);
    }
  }
}

TEST_CASE("checkpoint truncated at any length is refused", "[checkpoint]") {
  const std::string good = sp::serialize_checkpoint(sample(64));
  for (size_t len = 0; len < good.size(); ++len) {
    INFO("truncated to " << len);
    CHECK_THROWS_AS(sp::parse_checkpoint(good.substr(0, len), "ckpt"), CheckpointError);
  }
  CHECK_THROWS_WITH(sp::parse_checkpoint(good.substr(0, 5), "ckpt"), Catch::Contains("is corrupt (truncated"));
  CHECK_THROWS_WITH(sp::parse_checkpoint(good.substr(0, good.size() - 1), "ckpt"),
                    Catch::Contains("is corrupt (checksum mismatch)"));
  std::string extended = good + "x";
  CHECK_THROWS_AS(sp::parse_checkpoint(extended, "ckpt"), CheckpointError);
}

TEST_CASE("checkpoint errors name the file and the problem", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("ckpt");

  SECTION("a text file is not an sp checkpoint") {
    spit(path, "{\"hello\": \"world\"}\n");
    CHECK_THROWS_WITH(sp::read_checkpoint(path), Catch::StartsWith("checkpoint " + path + " is not an sp checkpoint"));
  }
  SECTION("an empty file is not an sp checkpoint") {
    spit(path, "");
    CHECK_THROWS_WITH(sp::read_checkpoint(path), Catch::Contains("is not an sp checkpoint (the file is empty)"));
  }
  SECTION("a flipped byte in the state is a checksum mismatch") {
    std::string bytes = sp::serialize_checkpoint(sample());
    bytes[bytes.size() - 20] ^= 0x10;
    spit(path, bytes);
    CHECK_THROWS_WITH(sp::read_checkpoint(path),
                      "checkpoint " + path +
                          " is corrupt (checksum mismatch); restore it from a backup, or delete it to start from "
                          "the beginning");
  }
  SECTION("a newer format is named, not called corrupt") {
    std::string bytes = sp::serialize_checkpoint(sample());
    bytes[8] = 3;
    reseal(bytes);
    spit(path, bytes);
    CHECK_THROWS_WITH(sp::read_checkpoint(path),
                      Catch::StartsWith("checkpoint " + path + " was written by a newer sp (format 3;"));
  }
  SECTION("format 0 is corrupt") {
    std::string bytes = sp::serialize_checkpoint(sample());
    bytes[8] = 0;
    reseal(bytes);
    CHECK_THROWS_WITH(sp::parse_checkpoint(bytes, "ckpt"), Catch::Contains("is corrupt"));
  }
  SECTION("a declared state size that does not match the frame") {
    Checkpoint c = sample(100);
    std::string bytes = sp::serialize_checkpoint(c);
    uint64_t frame = sp::parse_checkpoint(bytes, "ckpt").state_compressed_bytes;
    REQUIRE(frame < 128);  // one-byte length prefix
    size_t raw_len_at = bytes.size() - 8 - frame - 1 - 8;
    REQUIRE(bytes[raw_len_at] == 100);
    bytes[raw_len_at] = 101;
    reseal(bytes);
    CHECK_THROWS_WITH(sp::parse_checkpoint(bytes, "ckpt"), Catch::Contains("declared size does not match"));
  }
  SECTION("a state that is not zstd") {
    std::string bytes = sp::serialize_checkpoint(sample(100));
    uint64_t frame = sp::parse_checkpoint(bytes, "ckpt").state_compressed_bytes;
    bytes[bytes.size() - 8 - frame] ^= 0x55;  // the zstd magic
    reseal(bytes);
    CHECK_THROWS_WITH(sp::parse_checkpoint(bytes, "ckpt"), Catch::Contains("is corrupt"));
  }
  SECTION("trailing bytes after the fields, with a valid checksum") {
    std::string bytes = sp::serialize_checkpoint(sample());
    bytes.insert(bytes.size() - 8, "junk");
    reseal(bytes);
    CHECK_THROWS_WITH(sp::parse_checkpoint(bytes, "ckpt"), Catch::Contains("is corrupt (malformed fields)"));
  }
  SECTION("an output length while there is no output (the fuzzer found it)") {
    Checkpoint c = sample();
    c.has_output_length = false;
    std::string bytes = sp::serialize_checkpoint(c);
    Checkpoint with = c;
    with.has_output_length = true;
    std::string with_bytes = sp::serialize_checkpoint(with);
    // Same layout; only the flag byte differs. Clear it but keep the length.
    size_t flag = 0;
    while (bytes[flag] == with_bytes[flag]) ++flag;
    with_bytes[flag] = 0;
    reseal(with_bytes);
    CHECK_THROWS_WITH(sp::parse_checkpoint(with_bytes, "ckpt"), Catch::Contains("is corrupt (malformed fields)"));
  }
  SECTION("a missing file is an I/O error") {
    CHECK_THROWS_AS(sp::read_checkpoint(dir.file("nope")), IoError);
    CHECK_THROWS_WITH(sp::read_checkpoint(dir.file("nope")), Catch::Contains("No such file"));
  }
}

TEST_CASE("checkpoint compatibility is checked by tool and options", "[checkpoint]") {
  Checkpoint c = sample();
  CHECK_NOTHROW(sp::check_compatible(c, "ckpt", "sp-dedup", c.options_fingerprint, c.options_summary));
  CHECK_THROWS_WITH(sp::check_compatible(c, "ckpt", "sp-window", c.options_fingerprint, c.options_summary),
                    "checkpoint ckpt was written by sp-dedup, not sp-window; use a new checkpoint file for this tool");
  CHECK_THROWS_WITH(sp::check_compatible(c, "ckpt", "sp-dedup", 99, "--key user --within 10m"),
                    "checkpoint ckpt was written with options '--key id --within 10m', now '--key user --within "
                    "10m'; use a new checkpoint file or the same options");
}

TEST_CASE("checkpoint_exists tells a missing file from a present one", "[checkpoint]") {
  TempDir dir;
  CHECK(!sp::checkpoint_exists(dir.file("ckpt")));
  sp::write_checkpoint(dir.file("ckpt"), sample());
  CHECK(sp::checkpoint_exists(dir.file("ckpt")));
  CHECK(!sp::checkpoint_exists(dir.file("no-dir/ckpt")));
}

TEST_CASE("a failed checkpoint write leaves the old checkpoint intact", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("ckpt");
  Checkpoint old_ckpt = sample();
  sp::write_checkpoint(path, old_ckpt);
  const std::string old_bytes = slurp(path);
  Checkpoint next = sample();
  next.epoch = 43;

  SECTION("into a directory that does not exist") {
    CHECK_THROWS_AS(sp::write_checkpoint(dir.file("missing/ckpt"), next), IoError);
    CHECK_THROWS_WITH(sp::write_checkpoint(dir.file("missing/ckpt"), next),
                      Catch::Contains("missing/ckpt.tmp.") && Catch::Contains("No such file or directory"));
  }
  SECTION("when the temp file cannot be created") {
    // Works as root too, unlike a read-only directory.
    fs::create_directory(sp::atomic_temp_path(path, getpid()));
    CHECK_THROWS_AS(sp::write_checkpoint(path, next), IoError);
    CHECK(slurp(path) == old_bytes);
    fs::remove(sp::atomic_temp_path(path, getpid()));
  }
  SECTION("when the rename fails, the temp file is removed") {
    const std::string target = dir.file("is-a-dir");
    fs::create_directory(target);
    fs::create_directory(target + "/child");  // rename over a non-empty dir fails
    CHECK_THROWS_AS(sp::write_checkpoint(target, next), IoError);
    CHECK(!fs::exists(sp::atomic_temp_path(target, getpid())));
  }
  SECTION("in a read-only directory (when not root)") {
    if (geteuid() == 0) return;
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_AS(sp::write_checkpoint(path, next), IoError);
    fs::permissions(dir.path, fs::perms::owner_all);
  }
  CHECK(slurp(path) == old_bytes);
  CHECK(sp::read_checkpoint(path).epoch == 42);
  for (const auto& e : fs::directory_iterator(dir.path)) {
    INFO(e.path());
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
  }
}

TEST_CASE("stale temp files of dead processes are removed on the next write", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("ckpt");
  pid_t child = fork();
  if (child == 0) _exit(0);
  REQUIRE(child > 0);
  REQUIRE(waitpid(child, nullptr, 0) == child);
  const std::string dead = sp::atomic_temp_path(path, child);
  const std::string alive = sp::atomic_temp_path(path, 1);  // init never exits
  const std::string other = path + ".tmp.notapid";
  const std::string unrelated = dir.file("other.tmp.") + std::to_string(child);
  for (const auto& f : {dead, alive, other, unrelated}) spit(f, "partial");
  sp::write_checkpoint(path, sample());
  CHECK(!fs::exists(dead));
  CHECK(fs::exists(alive));
  CHECK(fs::exists(other));
  CHECK(fs::exists(unrelated));
  CHECK(!fs::exists(sp::atomic_temp_path(path, getpid())));
}

TEST_CASE("write_file_atomically replaces contents and honours the mode", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("f");
  sp::write_file_atomically(path, "one");
  mode_t old_umask = umask(077);  // the mode is exact, not filtered by the umask
  sp::write_file_atomically(path, "two", 0640);
  umask(old_umask);
  CHECK(slurp(path) == "two");
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
  // A bare file name is relative to the current directory.
  const std::string cwd = fs::current_path();
  fs::current_path(dir.path);
  sp::write_file_atomically("g", "three");
  fs::current_path(cwd);
  CHECK(slurp(dir.file("g")) == "three");
}

TEST_CASE("checkpoint_to_json is deterministic, complete and valid JSON", "[checkpoint]") {
  Checkpoint c = sample(1000);
  std::string compressed = sp::serialize_checkpoint(c);
  c = sp::parse_checkpoint(compressed, "ckpt");
  const std::string expected = R"({
  "format_version": 1,
  "tool": "sp-dedup",
  "options_fingerprint": "0123456789abcdef",
  "options": "--key id --within 10m",
  "input": {
    "name": "/data/in.ndjson",
    "dev": 2049,
    "inode": 1234567,
    "size": 987654321,
    "head_hash": "feedfacecafebeef",
    "head_len": 4096
  },
  "input_offset": 123456,
  "input_line": 789,
  "output_length": 55555,
  "watermark": 1767225600000000000,
  "created_at": 1767225700000000000,
  "epoch": 42,
  "stats": {"records_in":10,"duplicate":2},
  "state_bytes": 1000,
  "state_compressed_bytes": )" + std::to_string(c.state_compressed_bytes) +
                               "\n}\n";
  CHECK(sp::checkpoint_to_json(c) == expected);

  SECTION("absent values are null, strings are escaped, bad stats stay JSON") {
    Checkpoint d;
    d.tool = "sp-\"x\"\\\n\t\x01\x7f";
    d.input_name = "caf\xc3\xa9 \xff\xc3 \xed\xa0\x80 \xf0\x9f\x98\x80";  // valid, invalid, surrogate, emoji
    d.stats_json = "not json";
    std::string json = sp::checkpoint_to_json(d);
    CHECK_THAT(json, Catch::Contains(R"("tool": "sp-\"x\"\\\n\t\u0001\u007f")"));
    CHECK_THAT(json, Catch::Contains("\"name\": \"caf\xc3\xa9 \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd \xf0\x9f\x98\x80\""));
    CHECK_THAT(json, Catch::Contains(R"("output_length": null)"));
    CHECK_THAT(json, Catch::Contains(R"("watermark": null)"));
    CHECK_THAT(json, Catch::Contains(R"("stats": "not json")"));
    CHECK_THAT(json, Catch::Contains(R"("state_bytes": 0)"));
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    REQUIRE(parser.parse(simdjson::padded_string(json)).get(doc) == simdjson::SUCCESS);
    CHECK(std::string_view(doc["tool"].get_string().value()) == d.tool);
    d.stats_json = "";
    CHECK_THAT(sp::checkpoint_to_json(d), Catch::Contains(R"("stats": {})"));
  }
}
