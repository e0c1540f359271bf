// Streaming zstd decompression for transparent compressed input: the reader
// refills input_area() with compressed bytes, and decompress() turns them
// into plain bytes. Concatenated frames (and skippable frames) decode as one
// stream.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

struct ZSTD_DCtx_s;

namespace sp {

// The four bytes every zstd frame starts with (0xFD2FB528, little-endian).
bool has_zstd_magic(const char* bytes, size_t len);

class ZstdDecoder {
 public:
  ZstdDecoder(std::string name, size_t input_size);
  ~ZstdDecoder();
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  // Decompresses into dst; returns how many bytes were produced. 0 means it
  // needs more input. Throws IoError on corrupt data.
  size_t decompress(char* dst, size_t capacity);

  // Where to put more compressed bytes (call when decompress() returned 0).
  std::span<char> input_area();
  void commit_input(size_t n);
  bool has_input() const { return pos_ < size_; }

  // The input so far ends inside a frame (an error at the real end of input).
  bool mid_frame() const { return mid_frame_; }
  void reset();

 private:
  std::string name_;
  ZSTD_DCtx_s* dctx_;
  std::vector<char> in_;
  size_t pos_ = 0, size_ = 0;
  bool mid_frame_ = false;
  bool output_was_full_ = false;  // zstd may hold more output for the next call
};

}  // namespace sp
