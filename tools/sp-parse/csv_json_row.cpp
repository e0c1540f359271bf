#include "tools/sp-parse/csv_json_row.h"

#include <cstring>

#include "libcommon/json_escape.h"
#include "libcommon/json_writer.h"

namespace sp {

namespace {
constexpr char kQuote = '"';
}

void CsvJsonRow::set_names(const std::vector<std::string>& names) {
  text_.clear();
  prefixes_.clear();
  names_size_ = 0;
  std::string prefix;
  for (size_t k = 0; k < names.size(); ++k) {
    prefix.assign(k == 0 ? "{" : "\",");
    append_json_string(prefix, names[k]);
    prefix.append(":\"");
    prefixes_.push_back(Prefix{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(prefix.size())});
    names_size_ += prefix.size();
    text_.append(prefix);
    text_.resize((text_.size() + kBlock - 1) / kBlock * kBlock, '\0');
  }
  text_.append(kBlock, '\0');
}

char* CsvJsonRow::put_prefix(char* out, size_t field) const {
  const Prefix& prefix = prefixes_[field];
  const char* from = text_.data() + prefix.offset;
  for (size_t i = 0; i < prefix.size; i += kBlock) std::memcpy(out + i, from + i, kBlock);
  return out + prefix.size;
}

// Mirrors CsvParser::feed for a row that ends on its line: a field that
// starts with a quote runs to the matching closing quote ("" is one quote,
// delimiters are data), any other field to the next delimiter (quotes are
// data). Bytes are copied as they are up to the next one JSON must escape
// (or a delimiter or quote that ends the field).
size_t CsvJsonRow::write(std::string_view line, char* out) const {
  const char* p = line.data();
  const size_t n = line.size();
  const size_t fields = prefixes_.size();
  char* w = out;
  size_t i = 0;
  for (size_t k = 0;; ++k) {
    if (k == fields) return 0;  // more fields than names
    w = put_prefix(w, k);
    bool row_ends;
    if (i < n && p[i] == kQuote) {
      ++i;
      while (true) {
        size_t run = copy_until_json_escape(w, p + i, n - i, kQuote);
        w += run;
        i += run;
        if (i == n) return 0;  // still open at the line end: the row spans lines
        const char c = p[i];
        if (c != kQuote) {
          w = write_json_escape(w, static_cast<unsigned char>(c));
          ++i;
        } else if (i + 1 < n && p[i + 1] == kQuote) {
          w = write_json_escape(w, kQuote);
          i += 2;
        } else {
          ++i;
          break;
        }
      }
      row_ends = i == n;
      if (!row_ends && p[i++] != delimiter_) return 0;  // text after the closing quote
    } else {
      while (true) {
        size_t run = copy_until_json_escape(w, p + i, n - i, delimiter_);
        w += run;
        i += run;
        row_ends = i == n;
        if (row_ends) break;
        const char c = p[i++];
        if (c == delimiter_) break;
        w = write_json_escape(w, static_cast<unsigned char>(c));
      }
    }
    if (row_ends) {
      if (k + 1 != fields) return 0;  // fewer fields than names
      w[0] = '"';
      w[1] = '}';
      return static_cast<size_t>(w + 2 - out);
    }
  }
}

}  // namespace sp
