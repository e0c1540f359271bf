#include "libcommon/state_codec.h"

#include <bit>
#include <cstring>

#include "libcommon/errors.h"

namespace sp {

namespace {

template <typename T>
void put_le(std::string& buf, T v) {
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  buf.append(bytes, sizeof(T));
}

template <typename T>
T get_le(const char* p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

}  // namespace

void StateWriter::u8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
void StateWriter::u32(uint32_t v) { put_le(buf_, v); }
void StateWriter::u64(uint64_t v) { put_le(buf_, v); }
void StateWriter::i64(int64_t v) { put_le(buf_, static_cast<uint64_t>(v)); }
void StateWriter::f64(double v) { put_le(buf_, std::bit_cast<uint64_t>(v)); }
void StateWriter::boolean(bool v) { u8(v ? 1 : 0); }

void StateWriter::varint(uint64_t v) {
  while (v >= 0x80) {
    buf_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  buf_.push_back(static_cast<char>(v));
}

void StateWriter::svarint(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  varint((u << 1) ^ (v < 0 ? ~uint64_t{0} : 0));
}

void StateWriter::str(std::string_view bytes) {
  varint(bytes.size());
  buf_.append(bytes.data(), bytes.size());
}

void StateReader::corrupt() { throw CheckpointError("checkpoint state is truncated or corrupt"); }

const char* StateReader::take(size_t n) {
  if (n > remaining()) corrupt();
  const char* p = bytes_.data() + pos_;
  pos_ += n;
  return p;
}

uint8_t StateReader::u8() { return static_cast<uint8_t>(*take(1)); }
uint32_t StateReader::u32() { return get_le<uint32_t>(take(4)); }
uint64_t StateReader::u64() { return get_le<uint64_t>(take(8)); }
int64_t StateReader::i64() { return static_cast<int64_t>(u64()); }
double StateReader::f64() { return std::bit_cast<double>(u64()); }

bool StateReader::boolean() {
  uint8_t v = u8();
  if (v > 1) corrupt();
  return v == 1;
}

uint64_t StateReader::varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t byte = u8();
    // The 10th byte holds only bit 63: anything more would overflow.
    if (shift == 63 && byte > 1) corrupt();
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return v;
  }
  corrupt();
}

int64_t StateReader::svarint() {
  uint64_t u = varint();
  return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

std::string_view StateReader::bytes(size_t n) { return std::string_view(take(n), n); }

std::string_view StateReader::str() {
  uint64_t n = varint();
  if (n > remaining()) corrupt();
  return bytes(static_cast<size_t>(n));
}

size_t StateReader::count(size_t min_bytes_each) {
  uint64_t n = varint();
  if (min_bytes_each == 0) min_bytes_each = 1;
  if (n > remaining() / min_bytes_each) corrupt();
  return static_cast<size_t>(n);
}

void StateReader::expect_end() const {
  if (!at_end()) corrupt();
}

}  // namespace sp
