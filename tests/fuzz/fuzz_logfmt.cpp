// logfmt reader (and the multiline wrapper around it).
#include "tests/fuzz/format_fuzz.h"
#include "tools/sp-parse/logfmt_reader.h"
#include "tools/sp-parse/multiline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  sp::fuzz::CheckingSink sink;
  if (data[0] & 1) {
    sp::MultilineReader reader(std::make_unique<sp::LogfmtReader>(), "^ts=");
    sp::fuzz::feed_lines(reader, data + 1, size - 1, sink);
  } else {
    sp::LogfmtReader reader;
    sp::fuzz::feed_lines(reader, data + 1, size - 1, sink);
  }
  return 0;
}
