// parse_checkpoint on arbitrary bytes: it must either return a checkpoint or
// throw CheckpointError, never crash, hang or allocate without bound.
//
// Random bytes almost never pass the checksum, so each input is also tried
// with a correct checksum appended in place of its last 8 bytes: that lets
// the fuzzer reach the field and zstd parsing behind it. Whatever parses
// must serialize and parse back to the same checkpoint.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libcommon/checkpoint.h"
#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/state_codec.h"

namespace {

void parse_and_round_trip(std::string_view bytes) {
  sp::Checkpoint c;
  try {
    c = sp::parse_checkpoint(bytes, "fuzz");
  } catch (const sp::CheckpointError&) {
    return;
  }
  (void)sp::checkpoint_to_json(c);
  sp::Checkpoint again = sp::parse_checkpoint(sp::serialize_checkpoint(c), "fuzz");
  again.state_compressed_bytes = c.state_compressed_bytes;
  if (!(again == c)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  parse_and_round_trip(input);
  if (size >= 8) {
    std::string sealed(input.substr(0, size - 8));
    sp::StateWriter w;
    w.u64(sp::hash64(sealed));
    sealed += w.data();
    parse_and_round_trip(sealed);
  }
  return 0;
}
