// Hash functions for keyed state, partitioning and option fingerprints.
#pragma once
#include <cstdint>
#include <string_view>

namespace sp {

struct Hash128 {
  uint64_t low = 0;
  uint64_t high = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
};

// xxh3 (libxxhash): fast, well-distributed, stable across runs and machines.
uint64_t hash64(std::string_view bytes, uint64_t seed = 0);
Hash128 hash128(std::string_view bytes, uint64_t seed = 0);

// Kafka's murmur2 exactly as org.apache.kafka.common.utils.Utils.murmur2
// computes it (seed 0x9747b28c), returned as the signed 32-bit value Java has.
int32_t kafka_murmur2(std::string_view bytes);

// Kafka's default partitioner: (murmur2(key) & 0x7fffffff) % partitions.
uint32_t kafka_partition(std::string_view key, uint32_t partitions);

}  // namespace sp
