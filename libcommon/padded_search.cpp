#include "libcommon/padded_search.h"

#include <cstring>
#include <experimental/simd>

namespace sp {

namespace stdx = std::experimental;

const char* find_in_padded(const char* from, const char* end, std::string_view pattern) {
  // As wide as the target allows: 16 bytes (SSE2), 32 (AVX2) or 64 (AVX-512).
  using Bytes = stdx::native_simd<unsigned char>;
  static_assert(Bytes::size() <= 64, "reads past end must stay within SIMDJSON_PADDING");
  const size_t n = pattern.size();
  // Three bytes filter: in JSON text a pattern's first and last bytes may
  // both be quotes, which a pair of quotes n - 1 apart matches often.
  const Bytes first(static_cast<unsigned char>(pattern[0]));
  const Bytes second(static_cast<unsigned char>(pattern[1]));
  const Bytes last(static_cast<unsigned char>(pattern[n - 1]));
  auto load = [](const char* at) { return Bytes(reinterpret_cast<const unsigned char*>(at), stdx::element_aligned); };
  for (const char* p = from; end - p >= static_cast<std::ptrdiff_t>(n); p += Bytes::size()) {
    auto candidates = (load(p) == first) && (load(p + 1) == second) && (load(p + n - 1) == last);
    while (stdx::any_of(candidates)) {
      const int i = stdx::find_first_set(candidates);
      if (end - (p + i) < static_cast<std::ptrdiff_t>(n)) return end;  // runs past end
      if (std::memcmp(p + i, pattern.data(), n) == 0) return p + i;
      candidates[i] = false;
    }
  }
  return end;
}

}  // namespace sp
