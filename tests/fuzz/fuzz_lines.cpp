// Feeds random bytes through the input reader with tiny reads and a small
// record limit, and checks what every caller relies on: offsets increase,
// each text is the input's bytes at its offset, line numbers count '\n's,
// and the issues match the bytes (also with the whole-record JSON check,
// against a parse of each line on its own); with read-ahead on or off.
#include <simdjson.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/input.h"

namespace {

void check_at(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}
#define check(cond) check_at(cond, #cond)

size_t newlines_before(std::string_view data, uint64_t offset) {
  size_t n = 0;
  for (uint64_t i = 0; i < offset; ++i) n += data[i] == '\n';
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 2) return 0;
  // The first two bytes pick the read size and the record limit.
  size_t read_size = 1 + bytes[0] % 17;
  uint64_t max_record = 1 + bytes[1] % 40;
  std::string_view data(reinterpret_cast<const char*>(bytes) + 2, size - 2);
  // Zstd content is decoded, so the text checks below would not hold.
  if (data.size() >= 4 && std::memcmp(data.data(), "\x28\xb5\x2f\xfd", 4) == 0) return 0;

  char path[] = "/tmp/sp-fuzz-lines-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) return 0;
  ::unlink(path);
  check(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  ::lseek(fd, 0, SEEK_SET);

  sp::InputOptions options;
  options.fd = fd;
  options.read_size = read_size;
  options.max_record_size = max_record;
  // The high bit of the first byte reads ahead on a second thread: the
  // same checks hold, and ASan sees a text used after its buffer went back.
  options.read_ahead = (bytes[0] & 0x80) != 0;
  // The next bit checks each line whole as one JSON object (--validate).
  const bool json_check = (bytes[0] & 0x40) != 0;
  if (json_check) options.check = sp::LineCheck::JsonObject;
  simdjson::dom::parser oracle;
  sp::InputReader reader(options);
  std::vector<sp::InputLine> batch;
  uint64_t next_offset = 0, resume = 0;
  for (;;) {
    batch.clear();
    sp::ReadStatus status = reader.next_batch(batch, options.read_ahead ? -1 : 0);
    if (status == sp::ReadStatus::End) break;
    for (const sp::InputLine& line : batch) {
      check(line.offset >= next_offset);
      check(line.offset + line.text.size() <= data.size());
      check(!line.text.empty() && line.text.size() <= max_record);
      check(std::memcmp(line.text.data(), data.data() + line.offset, line.text.size()) == 0);
      check(line.offset == 0 || data[line.offset - 1] == '\n');
      check(line.line == newlines_before(data, line.offset) + 1);
      // Padding behind the text is readable (ASan checks it).
      volatile char last = line.text.data()[line.text.size() + simdjson::SIMDJSON_PADDING - 1];
      (void)last;
      bool has_nul = std::memchr(line.text.data(), 0, line.text.size()) != nullptr;
      bool utf8 = simdjson::validate_utf8(line.text.data(), line.text.size());
      simdjson::error_code parse_error = simdjson::SUCCESS;
      bool is_object = false;
      if (json_check && !has_nul && utf8) {
        simdjson::dom::element root;
        parse_error = oracle.parse(std::string(line.text)).get(root);
        is_object = !parse_error && root.is_object();
      }
      switch (line.issue) {
        case sp::LineIssue::None: check(!has_nul && utf8 && (!json_check || is_object)); break;
        case sp::LineIssue::NulByte: check(has_nul); break;
        case sp::LineIssue::InvalidUtf8: check(!has_nul && !utf8); break;
        case sp::LineIssue::TooLong: check(line.text.size() == max_record); break;
        case sp::LineIssue::InvalidJson:
          check(json_check && !has_nul && utf8 && parse_error != simdjson::SUCCESS);
          check(line.json_error == static_cast<uint8_t>(parse_error));
          break;
        case sp::LineIssue::NotObject: check(json_check && !has_nul && utf8 && !parse_error && !is_object); break;
      }
      next_offset = line.offset + line.text.size();
    }
    // The resume point never goes back, and passes every finished line (a
    // TooLong one only once its end is found).
    check(reader.offset() >= resume && reader.offset() <= data.size());
    resume = reader.offset();
    if (!batch.empty() && batch.back().issue != sp::LineIssue::TooLong) check(resume >= next_offset);
  }
  check(reader.offset() == data.size());
  check(reader.line() == newlines_before(data, data.size()) + (data.empty() || data.back() == '\n' ? 0 : 1));
  ::close(fd);
  return 0;
}
