// The transparent zstd input decoder on arbitrary bytes, fed in small
// pieces into a small output buffer (sizes derived from the input length, so
// plain .zst files are good seeds). It may only throw IoError; and the bytes
// it produces must equal what libzstd's own streaming decoder produces from
// the whole input at once (no byte lost or repeated at a buffer edge), and
// it must say the input ends inside a frame exactly when it does.
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "libcommon/errors.h"
#include "libcommon/zstd_decoder.h"

namespace {

constexpr size_t kMaxOutput = 4 << 20;  // decompression bombs stop here

// libzstd's answer: decode everything in one go; false on corrupt data.
bool reference(const uint8_t* data, size_t size, std::string& out) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{data, size, 0};
  std::string buf(1 << 16, '\0');
  bool ok = true;
  while (out.size() < kMaxOutput) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    size_t ret = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(ret)) {
      ok = false;
      break;
    }
    out.append(buf.data(), o.pos);
    if (o.pos == 0 && in.pos == in.size) break;
  }
  ZSTD_freeDCtx(dctx);
  return ok;
}

// Whether the input is whole frames (zstd's own frame walk); then the
// decoder must not say it ends inside one.
bool whole_frames(const uint8_t* data, size_t size) {
  size_t pos = 0;
  while (pos < size) {
    size_t n = ZSTD_findFrameCompressedSize(data + pos, size - pos);
    if (ZSTD_isError(n)) return false;
    pos += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t piece = 1 + size % 61;
  size_t capacity = 1 + (size / 7) % 67;
  sp::ZstdDecoder decoder("fuzz.zst", piece);
  std::string out;
  std::string buf(capacity, '\0');
  size_t fed = 0;
  try {
    while (out.size() < kMaxOutput) {
      size_t n = decoder.decompress(buf.data(), buf.size());
      if (n > buf.size()) std::abort();
      out.append(buf.data(), n);
      if (n > 0) continue;
      if (fed == size) break;
      auto area = decoder.input_area();
      if (area.empty()) std::abort();  // needs input but has no room for it
      size_t take = std::min(area.size(), size - fed);
      std::memcpy(area.data(), data + fed, take);
      decoder.commit_input(take);
      fed += take;
    }
  } catch (const sp::IoError&) {
    return 0;
  }
  std::string expected;
  if (!reference(data, size, expected)) return 0;  // corrupt past our cap
  size_t common = std::min({out.size(), expected.size(), kMaxOutput});
  if (out.compare(0, common, expected, 0, common) != 0) std::abort();
  if (out.size() < kMaxOutput && expected.size() < kMaxOutput && out.size() != expected.size()) std::abort();
  if (out.size() < kMaxOutput && expected.size() < kMaxOutput && decoder.mid_frame() == whole_frames(data, size)) {
    std::abort();
  }
  return 0;
}
