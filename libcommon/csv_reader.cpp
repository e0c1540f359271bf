#include "libcommon/csv_reader.h"

#include <cstring>

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

std::string describe_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  static const char* hex = "0123456789abcdef";
  return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
}

}  // namespace

char parse_csv_delimiter(std::string_view spec) {
  char c = 0;
  if (spec == "\\t" || spec == "tab" || spec == "\t") c = '\t';
  else if (spec == "comma") c = ',';
  else if (spec == "semicolon") c = ';';
  else if (spec == "pipe") c = '|';
  else if (spec == "space") c = ' ';
  else if (spec.size() == 1) c = spec[0];
  else
    throw UsageError("--delimiter '" + std::string(spec) +
                     "': expected one character, or one of \\t, tab, comma, semicolon, pipe, space");
  if (c == '"' || c == '\n' || c == '\r')
    throw UsageError("--delimiter cannot be a quote or a line break; use another character, e.g. ';' or tab");
  // A byte >= 0x80 is part of a multi-byte UTF-8 character: splitting on it
  // would cut characters in two and make fields that are not valid UTF-8.
  if (static_cast<unsigned char>(c) >= 0x80)
    throw UsageError("--delimiter must be an ASCII character (" + describe_byte(c) +
                     " is part of a multi-byte UTF-8 character); use e.g. ';', '|' or tab");
  return c;
}

CsvParser::CsvParser(CsvDialect dialect) : dialect_(dialect) {}

void CsvParser::reset() {
  state_ = State::Idle;
  buf_.clear();
  spans_.clear();
  field_begin_ = 0;
  buffered_ = false;
}

CsvParser::Status CsvParser::fail(std::string message) {
  error_ = std::move(message);
  reset();
  fields_.clear();
  return Status::Error;
}

CsvParser::Status CsvParser::complete_row() {
  fields_.clear();
  for (const Span& s : spans_) fields_.emplace_back((s.in_line ? line_ : buf_.data()) + s.begin, s.end - s.begin);
  state_ = State::Idle;
  return Status::Row;
}

CsvParser::Status CsvParser::split_plain(std::string_view line) {
  fields_.clear();
  const char* p = line.data();
  const char* end = p + line.size();
  while (true) {
    auto* d = static_cast<const char*>(std::memchr(p, dialect_.delimiter, static_cast<size_t>(end - p)));
    if (!d) {
      fields_.emplace_back(p, static_cast<size_t>(end - p));
      return Status::Row;
    }
    fields_.emplace_back(p, static_cast<size_t>(d - p));
    p = d + 1;
  }
}

// Fields are views into the line when their bytes are there as they are (an
// unquoted field, or a quoted one without doubled quotes); only fields that
// need unescaping, and rows that span lines, are copied into buf_.
void CsvParser::take(const char* p, size_t from, size_t to) {
  if (!buffered_) {
    // The open field must stay contiguous at the end of buf_ (a line break
    // and the next line may follow), so earlier fields still in the line
    // move into buf_ first.
    for (Span& sp : spans_) {
      if (!sp.in_line) continue;
      size_t b = buf_.size();
      buf_.append(p + sp.begin, sp.end - sp.begin);
      sp = Span{b, buf_.size(), false};
    }
    field_begin_ = buf_.size();
    buffered_ = true;
  }
  buf_.append(p + from, to - from);
}

CsvParser::Status CsvParser::feed(std::string_view line, std::string_view line_break) {
  const char quote = dialect_.quote;
  const char delim = dialect_.delimiter;
  if (state_ == State::Idle) {
    if (!std::memchr(line.data(), quote, line.size())) return split_plain(line);
    buf_.clear();
    spans_.clear();
    state_ = State::FieldStart;
  } else {
    buf_.append(line_break);  // the line break belongs to the open (buffered) quoted field
    copy_from_ = 0;
  }
  line_ = line.data();
  const char* p = line.data();
  const size_t n = line.size();
  size_t i = 0;
  while (true) {
    switch (state_) {
      case State::FieldStart: {
        if (i < n && p[i] == quote) {
          state_ = State::Quoted;
          ++i;
          buffered_ = false;
          copy_from_ = i;
          break;
        }
        // An unquoted field runs to the next delimiter; quotes in it are data.
        auto* d = static_cast<const char*>(std::memchr(p + i, delim, n - i));
        size_t e = d ? static_cast<size_t>(d - p) : n;
        spans_.push_back(Span{i, e, true});
        if (!d) return complete_row();
        i = e + 1;
        break;
      }
      case State::Quoted: {
        auto* q = static_cast<const char*>(std::memchr(p + i, quote, n - i));
        if (!q) {
          take(p, copy_from_, n);
          if (buf_.size() > dialect_.max_pending) {
            return fail("quoted field " + std::to_string(spans_.size() + 1) + " is still open after " +
                        std::to_string(buf_.size()) + " bytes (unmatched quote?)");
          }
          return Status::NeedMore;  // take() moved the row's earlier fields out of the line
        }
        size_t e = static_cast<size_t>(q - p);
        if (e + 1 < n && p[e + 1] == quote) {  // a doubled quote is one quote
          take(p, copy_from_, e + 1);
          copy_from_ = i = e + 2;
          break;
        }
        if (buffered_) {
          take(p, copy_from_, e);
          spans_.push_back(Span{field_begin_, buf_.size(), false});
        } else {
          spans_.push_back(Span{copy_from_, e, true});
        }
        i = e + 1;
        state_ = State::AfterClose;
        break;
      }
      case State::AfterClose: {
        if (i == n) return complete_row();
        if (p[i] == delim) {
          state_ = State::FieldStart;
          ++i;
          break;
        }
        return fail(describe_byte(p[i]) + " after the closing quote of field " + std::to_string(spans_.size()) +
                    " (a quote inside a quoted field must be doubled)");
      }
      case State::Idle:
        return fail("internal error: CSV parser idle inside a row");
    }
  }
}

CsvParser::Status CsvParser::finish() {
  if (state_ != State::Idle) {
    return fail("quoted field " + std::to_string(spans_.size() + 1) + " is not closed at the end of the input");
  }
  fields_.clear();
  return Status::Row;
}

void CsvParser::save(StateWriter& out) const {
  out.u8(static_cast<uint8_t>(state_));
  if (state_ == State::Idle) return;
  // Only after NeedMore: every finished field and the open one are in buf_.
  out.str(buf_);
  out.varint(field_begin_);
  out.count(spans_.size());
  for (const Span& s : spans_) {
    out.varint(s.begin);
    out.varint(s.end);
  }
}

void CsvParser::load(StateReader& in) {
  reset();
  uint8_t state = in.u8();
  if (state > static_cast<uint8_t>(State::AfterClose)) throw CheckpointError("checkpoint state is truncated or corrupt");
  state_ = static_cast<State>(state);
  if (state_ == State::Idle) return;
  buf_ = std::string(in.str());
  field_begin_ = in.varint();
  size_t n = in.count(2);
  for (size_t i = 0; i < n; ++i) {
    size_t b = in.varint();
    size_t e = in.varint();
    if (b > e || e > buf_.size()) throw CheckpointError("checkpoint state is truncated or corrupt");
    spans_.push_back(Span{b, e, false});
  }
  if (field_begin_ > buf_.size() || state_ != State::Quoted)
    throw CheckpointError("checkpoint state is truncated or corrupt");
  buffered_ = true;
}

}  // namespace sp
