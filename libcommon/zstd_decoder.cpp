#include "libcommon/zstd_decoder.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "libcommon/errors.h"

namespace sp {

bool has_zstd_magic(const char* bytes, size_t len) {
  static constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
  return len >= 4 && std::memcmp(bytes, kMagic, 4) == 0;
}

ZstdDecoder::ZstdDecoder(std::string name, size_t input_size)
    : name_(std::move(name)), dctx_(ZSTD_createDCtx()), in_(std::max<size_t>(input_size, 1)) {
  if (dctx_ == nullptr) throw IoError(name_ + ": cannot create a zstd decompressor");
}

ZstdDecoder::~ZstdDecoder() { ZSTD_freeDCtx(dctx_); }

size_t ZstdDecoder::decompress(char* dst, size_t capacity) {
  if (pos_ == size_ && !output_was_full_) return 0;
  ZSTD_inBuffer input{in_.data(), size_, pos_};
  ZSTD_outBuffer output{dst, capacity, 0};
  // Loop: a call may consume input (e.g. a frame header) without output yet.
  while (output.pos == 0 && (input.pos < input.size || output_was_full_)) {
    size_t consumed_before = input.pos;
    size_t ret = ZSTD_decompressStream(dctx_, &output, &input);
    if (ZSTD_isError(ret))
      throw IoError(name_ + ": corrupt zstd data: " + ZSTD_getErrorName(ret) +
                    "; give an undamaged copy of the file (zstd -t FILE checks one)");
    // A call that neither read nor wrote (the one after a frame that ended
    // exactly as the output filled up) returns the next frame's header
    // size: that says nothing about where the stream is.
    if (input.pos != consumed_before || output.pos != 0) mid_frame_ = ret != 0;
    output_was_full_ = output.pos == output.size;
    if (output.pos == 0 && input.pos == input.size) break;
  }
  pos_ = input.pos;
  return output.pos;
}

std::span<char> ZstdDecoder::input_area() {
  if (pos_ == size_) pos_ = size_ = 0;
  if (pos_ > 0) {
    std::memmove(in_.data(), in_.data() + pos_, size_ - pos_);
    size_ -= pos_;
    pos_ = 0;
  }
  return {in_.data() + size_, in_.size() - size_};
}

void ZstdDecoder::commit_input(size_t n) { size_ += std::min(n, in_.size() - size_); }

void ZstdDecoder::reset() {
  ZSTD_DCtx_reset(dctx_, ZSTD_reset_session_only);
  pos_ = size_ = 0;
  mid_frame_ = false;
  output_was_full_ = false;
}

}  // namespace sp
