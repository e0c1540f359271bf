// Compact binary encoding of operator state for checkpoints.
//
// Fixed-width integers are little-endian on every machine, so a checkpoint
// moves between hosts. Strings are a varint length followed by the bytes.
// Varints are LEB128 (7 bits per byte, low group first, at most 10 bytes);
// svarint zigzag-maps signed values first so small negatives stay short.
//
// StateReader never reads past its buffer: a short buffer, an over-long
// varint, a length beyond the end or a bool that is not 0/1 all throw
// CheckpointError("checkpoint state is truncated or corrupt"). The caller
// (the checkpoint driver) adds the file name to the message.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sp {

class StateWriter {
 public:
  void u8(uint8_t v);
  void u32(uint32_t v);
  void u64(uint64_t v);
  void i64(int64_t v);
  void f64(double v);  // IEEE-754 bits, so NaN and -0.0 round-trip exactly
  void boolean(bool v);
  void varint(uint64_t v);
  void svarint(int64_t v);
  void str(std::string_view bytes);  // varint length, then the bytes
  // An element count before a sequence; pairs with StateReader::count().
  void count(uint64_t n) { varint(n); }

  const std::string& data() const { return buf_; }
  std::string take() { return std::move(buf_); }

 private:
  std::string buf_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view bytes) : bytes_(bytes) {}

  uint8_t u8();
  uint32_t u32();
  uint64_t u64();
  int64_t i64();
  double f64();
  bool boolean();
  uint64_t varint();
  int64_t svarint();
  // A view into the buffer given to the constructor: copy it if it must
  // outlive that buffer.
  std::string_view str();
  std::string_view bytes(size_t n);
  // Reads an element count and checks that n elements of at least
  // min_bytes_each could still fit in what is left, so a corrupt count fails
  // here instead of in a huge reserve().
  size_t count(size_t min_bytes_each = 1);

  size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  // Throws unless every byte was consumed (trailing bytes mean a mismatch
  // between the writer and the reader).
  void expect_end() const;

 private:
  [[noreturn]] static void corrupt();
  const char* take(size_t n);

  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace sp
