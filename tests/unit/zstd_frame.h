// Test helper: one zstd frame holding `plain` (level 3).
#pragma once
#include <catch2/catch.hpp>
#include <zstd.h>

#include <string>

inline std::string zstd_frame(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}
