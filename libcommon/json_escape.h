// The bytes a JSON string must escape (control bytes below 0x20, '"' and
// '\\'): finding them fast, and writing one escaped. Hot-path helpers for
// writers that build JSON text with raw pointers (json_writer.cpp, the CSV
// rows of sp-parse).
//
// The scans take one more byte to stop at (`also`: a CSV delimiter, or any
// byte already in the set) and look at 32 bytes per step with AVX2 when the
// build targets it (the default on x86-64, see CMakeLists.txt), else at 8
// bytes per step in a 64-bit word. They never read outside [p, p + n).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace sp {

inline bool needs_json_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Writes the escape sequence of a byte for which needs_json_escape() holds
// (at most 6 bytes: \u00XX) and returns the end of what it wrote.
inline char* write_json_escape(char* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out[0] = '\\';
  switch (c) {
    case '"': out[1] = '"'; return out + 2;
    case '\\': out[1] = '\\'; return out + 2;
    case '\n': out[1] = 'n'; return out + 2;
    case '\r': out[1] = 'r'; return out + 2;
    case '\t': out[1] = 't'; return out + 2;
    case '\b': out[1] = 'b'; return out + 2;
    case '\f': out[1] = 'f'; return out + 2;
    default:
      std::memcpy(out + 1, "u00", 3);
      out[4] = kHex[c >> 4];
      out[5] = kHex[c & 0xf];
      return out + 6;
  }
}

namespace json_escape_detail {

inline bool is_stop(unsigned char c, unsigned char also) { return needs_json_escape(c) || c == also; }

// Any build: 8 bytes per step. The word test says whether a stop byte is
// among the 8 (exactly: each term is the classic "has a zero byte" or "has a
// byte below N" test); which one is then found byte by byte.
inline size_t find_stop_words(const char* p, size_t n, char also) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const auto a = static_cast<unsigned char>(also);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    uint64_t q = w ^ (kOnes * '"');
    uint64_t s = w ^ (kOnes * '\\');
    uint64_t x = w ^ (kOnes * a);
    uint64_t hit = ((w - kOnes * 0x20) & ~w) | ((q - kOnes) & ~q) | ((s - kOnes) & ~s) | ((x - kOnes) & ~x);
    if (!(hit & kHigh)) continue;
    for (size_t j = i;; ++j)
      if (is_stop(static_cast<unsigned char>(p[j]), a)) return j;
  }
  for (; i < n; ++i)
    if (is_stop(static_cast<unsigned char>(p[i]), a)) return i;
  return n;
}

#if defined(__AVX2__)
// Bit i set: byte i of the block is a stop byte.
inline uint32_t stop_mask(__m256i v, __m256i also) {
  // Unsigned v < 0x20 is min(v, 0x1f) == v.
  __m256i ctrl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1f)), v);
  __m256i quote = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'));
  __m256i slash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'));
  __m256i extra = _mm256_cmpeq_epi8(v, also);
  __m256i any = _mm256_or_si256(_mm256_or_si256(ctrl, quote), _mm256_or_si256(slash, extra));
  return static_cast<uint32_t>(_mm256_movemask_epi8(any));
}

inline __m256i load32(const char* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

// Scans 32 bytes per step; the last, partial block is the 32 bytes that end
// at p + n, with the bits of bytes already seen shifted out. Needs n >= 32.
inline size_t scan_blocks(const char* p, size_t n, char also) {
  const __m256i a = _mm256_set1_epi8(also);
  size_t i = 0;
  for (; i + 32 <= n; i += 32)
    if (uint32_t m = stop_mask(load32(p + i), a)) return i + static_cast<size_t>(__builtin_ctz(m));
  if (i == n) return n;
  uint32_t m = stop_mask(load32(p + n - 32), a) >> (i - (n - 32));
  return m ? i + static_cast<size_t>(__builtin_ctz(m)) : n;
}
#endif

}  // namespace json_escape_detail

// Marks every byte of [p, p + n) that needs a JSON escape or equals `also`
// in `bits` ((n + 63) / 64 words; bit i % 64 of word i / 64 for byte i, bits
// past n clear). One pass over a whole line, so that a caller walking many
// such bytes does not wait on a scan for each.
inline void mark_json_escapes(const char* p, size_t n, char also, uint64_t* bits) {
#if defined(__AVX2__)
  if (n >= 32) {
    using json_escape_detail::load32;
    using json_escape_detail::stop_mask;
    const __m256i a = _mm256_set1_epi8(also);
    size_t i = 0;
    for (; i + 64 <= n; i += 64)
      bits[i / 64] = stop_mask(load32(p + i), a) | uint64_t{stop_mask(load32(p + i + 32), a)} << 32;
    if (i + 32 <= n) {
      bits[i / 64] = stop_mask(load32(p + i), a);
      i += 32;
    }
    if (i < n) {
      // The 32 bytes that end at p + n, without the bits of bytes already seen.
      uint64_t tail = stop_mask(load32(p + n - 32), a) >> (i - (n - 32));
      if (i % 64 == 0)
        bits[i / 64] = tail;
      else
        bits[i / 64] |= tail << 32;
    }
    return;
  }
#endif
  for (size_t w = 0; w < (n + 63) / 64; ++w) bits[w] = 0;
  for (size_t i = json_escape_detail::find_stop_words(p, n, also); i < n;
       i += 1 + json_escape_detail::find_stop_words(p + i + 1, n - i - 1, also))
    bits[i / 64] |= uint64_t{1} << (i % 64);
}

// Index of the first byte in [p, p + n) that needs a JSON escape or equals
// `also`; n if there is none.
inline size_t find_json_escape(const char* p, size_t n, char also) {
#if defined(__AVX2__)
  if (n >= 32) return json_escape_detail::scan_blocks(p, n, also);
#endif
  return json_escape_detail::find_stop_words(p, n, also);
}

}  // namespace sp
