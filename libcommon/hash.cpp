#include "libcommon/hash.h"

#include <xxhash.h>

#include <cstring>

namespace sp {

uint64_t hash64(std::string_view bytes, uint64_t seed) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

Hash128 hash128(std::string_view bytes, uint64_t seed) {
  XXH128_hash_t h = XXH3_128bits_withSeed(bytes.data(), bytes.size(), seed);
  return Hash128{h.low64, h.high64};
}

// Kafka's variant of MurmurHash2 (32-bit, little-endian word reads, the tail
// handled as in the Java client). No maintained C library exposes this exact
// variant, and the vectors in the test suite pin it down.
int32_t kafka_murmur2(std::string_view bytes) {
  const uint32_t m = 0x5bd1e995;
  const int r = 24;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t length = bytes.size();
  uint32_t h = 0x9747b28cu ^ static_cast<uint32_t>(length);

  const size_t words = length / 4;
  for (size_t i = 0; i < words; ++i) {
    uint32_t k;
    std::memcpy(&k, data + i * 4, 4);  // Kafka reads little-endian words
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const size_t tail = words * 4;
  switch (length % 4) {
    case 3: h ^= static_cast<uint32_t>(data[tail + 2]) << 16; [[fallthrough]];
    case 2: h ^= static_cast<uint32_t>(data[tail + 1]) << 8; [[fallthrough]];
    case 1: h ^= data[tail]; h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

uint32_t kafka_partition(std::string_view key, uint32_t partitions) {
  return (static_cast<uint32_t>(kafka_murmur2(key)) & 0x7fffffffu) % partitions;
}

}  // namespace sp
