// Fuzzes the canonical JSON form used for sp-dedup keys: it must never crash
// on any input, and whatever it accepts must be a fixed point (the
// canonical form of a canonical form is itself), valid JSON again. The
// input is also a record for sp-dedup's key scan (KeyExtractor::scan, key
// field "a", canonical and --raw): it must read only the record, and a key
// it finds in a record that validates must be the key the parse gives
// (extract()).
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/json_canonical.h"
#include "tools/sp-dedup/key_extractor.h"

namespace {

void check_key_scan(std::string_view text, bool raw) {
  static sp::KeyExtractor canonical({sp::FieldPath::parse("a")}, false);
  static sp::KeyExtractor raw_bytes({sp::FieldPath::parse("a")}, true);
  sp::KeyExtractor& extractor = raw ? raw_bytes : canonical;
  static sp::JsonRecord json;
  // Exactly as long as the record, so that ASan sees any read past it.
  std::vector<char> exact(text.begin(), text.end());
  std::string_view key;
  if (!extractor.scan(std::string_view(exact.data(), exact.size()), key)) return;
  const std::string scanned(key);
  std::string padded(text);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  const std::string_view record(padded.data(), text.size());
  std::string problem;
  if (json.load(record) || !json.validate_object(problem)) return;
  if (extractor.extract(record, json, key, problem) != sp::KeyStatus::Ok || key != scanned) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_key_scan(text, false);
  check_key_scan(text, true);
  std::string once;
  if (!sp::canonical_json(text, once)) return 0;
  std::string twice;
  if (!sp::canonical_json(once, twice)) std::abort();
  if (once != twice) std::abort();
  return 0;
}
