// CSV/TSV reader: any bytes, with or without a header, comma or tab.
#include "tests/fuzz/format_fuzz.h"
#include "tools/sp-parse/csv_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  sp::CsvFormatOptions options;
  options.delimiter = (mode & 1) ? '\t' : ',';
  options.header = !(mode & 2);
  if (mode & 4) options.columns = {"a", "b", "c"};
  sp::CsvFormatReader reader(options);
  sp::fuzz::CheckingSink sink;
  sp::fuzz::feed_lines(reader, data + 1, size - 1, sink);
  if (reader.has_pending()) std::abort();  // finish() must close an open field
  return 0;
}
