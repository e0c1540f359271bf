// The fast path of --from csv|tsv: a CSV line that holds one whole row
// becomes its JSON object in a single pass, written straight into the
// output, instead of being split into fields (CsvParser) and then escaped
// field by field (write_fields_json). The output is the same byte for byte
// (tests/fuzz/fuzz_csv.cpp compares the two paths).
//
// It declines, leaving the line to the general path and its messages, every
// line that is not such a row: a quoted field still open at the line end
// (the row spans lines), text after a closing quote, or a field count other
// than the number of names. The quote character is '"' (CsvDialect's).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sp {

class CsvJsonRow {
 public:
  explicit CsvJsonRow(char delimiter) : delimiter_(delimiter) {}

  // The field names, in column order (a row must have exactly this many).
  void set_names(const std::vector<std::string>& names);
  size_t name_count() const { return prefixes_.size(); }

  // Room write() needs at `out` for a line of `line_size` bytes.
  size_t max_size(size_t line_size) const { return names_size_ + 6 * line_size + 2 + kBlock; }

  // Writes the line's row as one JSON object and returns its length, or 0
  // to decline the line.
  size_t write(std::string_view line, char* out);

 private:
  // Names are copied in blocks of this many bytes (the output's slack).
  static constexpr size_t kBlock = 32;
  struct Prefix {
    uint32_t offset;  // in text_
    uint32_t size;
  };
  char delimiter_;
  // Field k's prefix: `{"name":"` for the first, `","name":"` (closing the
  // previous value) for the others; each starts a kBlock-aligned slot of
  // text_, zero-padded so that whole blocks can be copied.
  std::string text_;
  std::vector<Prefix> prefixes_;
  size_t names_size_ = 0;  // sum of the prefix sizes
  std::vector<uint64_t> stops_;  // the line's bytes to escape, delimiters and quotes (mark_json_escapes)
};

}  // namespace sp
