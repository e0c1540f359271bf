// A benchmark-only program: the least work a split by key into files can
// do, as a floor for sp-partition's time. It maps the input file, checks
// its UTF-8 a chunk at a time, finds each line's key with the member scan
// sp-partition uses, picks the Kafka partition, and copies the line into
// that partition's buffer, which the same WriteBehind thread as
// sp-partition's writes. Nothing else: no error accounting, dead letters,
// checkpoints or parse of the records the scan gives up on (they are
// counted and go to partition 0), no files that shrink or grow meanwhile.
//
//   sp-bench-partition-floor FIELD PARTITIONS INPUT OUTPUT_PREFIX
// writes OUTPUT_PREFIX0 .. OUTPUT_PREFIX<N-1>.
#include <fcntl.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "libcommon/hash.h"
#include "libcommon/json_member_scan.h"
#include "libcommon/write_behind.h"

namespace {

constexpr size_t kBufferSize = 256 << 10;  // as sp-partition's file buffers
constexpr size_t kChunk = 1 << 20;         // UTF-8 is checked this much at a time

[[noreturn]] void fail(const std::string& what) {
  std::perror(what.c_str());
  std::exit(1);
}

struct Partition {
  int fd = -1;
  sp::WriteBehind::Buffer buffer{new char[kBufferSize]};
  size_t used = 0;
  sp::WriteBehind::Slot slot;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s FIELD PARTITIONS INPUT OUTPUT_PREFIX\n", argv[0]);
    return 2;
  }
  const sp::PlainMemberScan scan(argv[1]);
  const auto partitions = static_cast<uint32_t>(std::atoi(argv[2]));
  const int in = ::open(argv[3], O_RDONLY);
  struct stat st {};
  if (in < 0 || ::fstat(in, &st) != 0) fail(argv[3]);
  const auto size = static_cast<size_t>(st.st_size);
  const char* data = size == 0 ? nullptr : static_cast<const char*>(::mmap(nullptr, size, PROT_READ, MAP_SHARED, in, 0));
  if (data == MAP_FAILED) fail(argv[3]);

  sp::WriteBehind behind;  // before the partitions: it outlives their slots
  std::vector<Partition> outputs(partitions);
  for (uint32_t p = 0; p < partitions; ++p) {
    const std::string path = argv[4] + std::to_string(p);
    outputs[p].fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (outputs[p].fd < 0) fail(path);
  }
  auto hand_over = [&](Partition& out) {
    out.buffer = behind.submit(out.slot, out.fd, std::move(out.buffer), out.used, kBufferSize);
    out.used = 0;
  };

  uint64_t unscanned = 0, bad_utf8 = 0;
  size_t pos = 0;
  while (pos < size) {
    // A chunk of whole lines (the last one may lack its newline).
    size_t end = std::min(size, pos + kChunk);
    const void* nl = std::memchr(data + end - 1, '\n', size - (end - 1));
    end = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - data) + 1 : size;
    if (!simdjson::validate_utf8(data + pos, end - pos)) ++bad_utf8;
    while (pos < end) {
      const void* line_end = std::memchr(data + pos, '\n', end - pos);
      const size_t next = line_end != nullptr ? static_cast<size_t>(static_cast<const char*>(line_end) - data) + 1 : end;
      const std::string_view text(data + pos, next - pos - (line_end != nullptr ? 1 : 0));
      sp::PlainMemberScan::Value key;
      uint32_t p = 0;
      if (scan.find(text, key)) p = sp::kafka_partition(key.text, partitions);
      else ++unscanned;
      if (next - pos > kBufferSize) {
        std::fprintf(stderr, "a line at byte %zu is longer than %zu bytes\n", pos, kBufferSize);
        return 1;
      }
      Partition& out = outputs[p];
      if (out.used + (next - pos) > kBufferSize) hand_over(out);
      std::memcpy(out.buffer.get() + out.used, data + pos, next - pos);
      out.used += next - pos;
      pos = next;
    }
  }
  for (Partition& out : outputs) {
    if (out.used > 0) hand_over(out);
    behind.wait(out.slot);
    if (out.slot.error.load() != 0 || ::close(out.fd) != 0) fail("write");
  }
  if (unscanned > 0 || bad_utf8 > 0) {
    std::fprintf(stderr, "%llu lines not scanned, %llu chunks not UTF-8\n",
                 static_cast<unsigned long long>(unscanned), static_cast<unsigned long long>(bad_utf8));
  }
  return 0;
}
