// Fuzzes the canonical JSON form used for sp-dedup keys: it must never crash
// on any input, and whatever it accepts must be a fixed point (the
// canonical form of a canonical form is itself), valid JSON again.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libcommon/json_canonical.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string once;
  if (!sp::canonical_json(text, once)) return 0;
  std::string twice;
  if (!sp::canonical_json(once, twice)) std::abort();
  if (once != twice) std::abort();
  return 0;
}
