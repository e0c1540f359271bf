#include "tools/sp-parse/csv_json_row.h"

#include <cstring>

#include "libcommon/json_escape.h"
#include "libcommon/json_writer.h"

namespace sp {

namespace {

constexpr char kQuote = '"';

// The stop bytes marked by mark_json_escapes, in order; then n, the line's
// end, for ever.
class Stops {
 public:
  Stops(const uint64_t* bits, size_t n) : bits_(bits), words_((n + 63) / 64), n_(n), left_(n > 0 ? bits[0] : 0) {}

  size_t next() {
    while (left_ == 0) {
      if (word_ + 1 >= words_) return n_;
      left_ = bits_[++word_];
    }
    size_t at = word_ * 64 + static_cast<size_t>(__builtin_ctzll(left_));
    left_ &= left_ - 1;
    return at;
  }

 private:
  const uint64_t* bits_;
  size_t words_;
  size_t n_;
  uint64_t left_;
  size_t word_ = 0;
};

}  // namespace

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

// Mirrors CsvParser::feed for a row that ends on its line: a field that
// starts with a quote runs to the matching closing quote ("" is one quote,
// delimiters are data), any other field to the next delimiter (quotes are
// data). The bytes between two stops (a byte JSON must escape, a delimiter
// or a quote) are copied as they are.
size_t CsvJsonRow::write(std::string_view line, char* out) {
  const char* p = line.data();
  const size_t n = line.size();
  const size_t fields = prefixes_.size();
  if (fields == 0) return 0;
  // Locals, not members: the writes through `out` could alias members.
  const char delimiter = delimiter_;
  const char* text = text_.data();
  const Prefix* prefixes = prefixes_.data();
  auto put_prefix = [&](char* w, size_t field) {
    const Prefix prefix = prefixes[field];
    for (size_t i = 0; i < prefix.size; i += kBlock) std::memcpy(w + i, text + prefix.offset + i, kBlock);
    return w + prefix.size;
  };
  // p[from, to) to w in whole blocks, reading nothing past the line's end
  // (a block may write up to kBlock - 1 bytes past the run: slack).
  auto copy_run = [&](char* w, size_t from, size_t to) {
    const size_t size = to - from;
    if (size >= kBlock) {
      for (size_t i = 0; i + kBlock < size; i += kBlock) std::memcpy(w + i, p + from + i, kBlock);
      std::memcpy(w + size - kBlock, p + to - kBlock, kBlock);
    } else if (from + kBlock <= n) {
      std::memcpy(w, p + from, kBlock);
    } else if (size > 0) {
      std::memcpy(w, p + from, size);
    }
    return w + size;
  };

  if (stops_.size() < (n + 63) / 64) stops_.resize((n + 63) / 64);
  mark_json_escapes(p, n, delimiter, stops_.data());
  Stops stops(stops_.data(), n);
  char* w = put_prefix(out, 0);
  size_t pos = 0;  // the next byte to copy
  for (size_t k = 0;; ++k) {
    // Field k starts at pos.
    size_t stop = stops.next();
    bool row_ends;
    if (stop == pos && stop < n && p[stop] == kQuote) {
      pos = stop + 1;
      while (true) {
        stop = stops.next();
        w = copy_run(w, pos, stop);
        if (stop == n) return 0;  // still open at the line end: the row spans lines
        const char c = p[stop];
        if (c == kQuote) {
          if (stop + 1 < n && p[stop + 1] == kQuote) {
            w = write_json_escape(w, kQuote);
            stops.next();  // the second quote
            pos = stop + 2;
            continue;
          }
          pos = stop + 1;
          break;
        }
        if (needs_json_escape(static_cast<unsigned char>(c))) {
          w = write_json_escape(w, static_cast<unsigned char>(c));
          pos = stop + 1;
        } else {
          pos = stop;  // a delimiter inside quotes is data: copied with the next run
        }
      }
      row_ends = pos == n;
      if (!row_ends) {
        if (p[pos] != delimiter) return 0;  // text after the closing quote
        stops.next();                       // that delimiter
        ++pos;
      }
    } else {
      while (true) {
        w = copy_run(w, pos, stop);
        row_ends = stop == n;
        if (row_ends) break;
        const char c = p[stop];
        pos = stop + 1;
        if (c == delimiter) break;
        w = write_json_escape(w, static_cast<unsigned char>(c));
        stop = stops.next();
      }
    }
    if (row_ends) {
      if (k + 1 != fields) return 0;  // fewer fields than names
      w[0] = '"';
      w[1] = '}';
      return static_cast<size_t>(w + 2 - out);
    }
    if (k + 1 == fields) return 0;  // more fields than names
    w = put_prefix(w, k + 1);
  }
}

}  // namespace sp
