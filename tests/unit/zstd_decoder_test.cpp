#include "libcommon/zstd_decoder.h"

#include <catch2/catch.hpp>
#include <zstd.h>

#include <cstring>
#include <string>

#include "tests/unit/zstd_frame.h"

namespace {

void feed(sp::ZstdDecoder& decoder, const std::string& bytes) {
  auto area = decoder.input_area();
  REQUIRE(area.size() >= bytes.size());
  std::memcpy(area.data(), bytes.data(), bytes.size());
  decoder.commit_input(bytes.size());
}

}  // namespace

TEST_CASE("zstd: a frame that ends exactly as the output fills up is not cut short", "[zstd]") {
  sp::ZstdDecoder decoder("in.zst", 1 << 16);
  feed(decoder, zstd_frame("a\nbb\n"));
  char out[5];
  REQUIRE(decoder.decompress(out, sizeof out) == 5);
  CHECK(std::string(out, 5) == "a\nbb\n");
  // zstd may still hold output after a full buffer, so the decoder asks it
  // again: nothing comes, and the stream is between frames.
  CHECK(decoder.decompress(out, sizeof out) == 0);
  CHECK(!decoder.mid_frame());
}

TEST_CASE("zstd: input that stops inside a frame is mid-frame", "[zstd]") {
  sp::ZstdDecoder decoder("in.zst", 1 << 16);
  std::string frame = zstd_frame(std::string(1000, 'q'));
  feed(decoder, frame.substr(0, frame.size() / 2));
  char out[4096];
  while (decoder.decompress(out, sizeof out) > 0) {
  }
  CHECK(decoder.mid_frame());
  feed(decoder, frame.substr(frame.size() / 2));
  size_t total = 0, n;
  while ((n = decoder.decompress(out, sizeof out)) > 0) total += n;
  CHECK(!decoder.mid_frame());
}
