#include "libcommon/line_splitter.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "libcommon/json_line_check.h"

namespace sp {

LineSplitter::LineSplitter(uint64_t max_record_size, size_t read_size, uint64_t start_offset,
                           uint64_t start_line)
    : max_record_size_(std::max<uint64_t>(max_record_size, 1)),
      read_size_(std::max<size_t>(read_size, 1)),
      begin_offset_(start_offset),
      lines_seen_(start_line),
      resume_offset_(start_offset),
      resume_line_(start_line) {}

LineSplitter::~LineSplitter() = default;
LineSplitter::LineSplitter(LineSplitter&&) noexcept = default;
LineSplitter& LineSplitter::operator=(LineSplitter&&) noexcept = default;

void LineSplitter::set_check(LineCheck check, bool control_lines) {
  check_ = check;
  json_check_.reset();
  if (check == LineCheck::JsonObject) json_check_ = std::make_unique<JsonLineCheck>(control_lines);
}

void LineSplitter::grow(size_t needed) {
  // Doubling keeps the number of copies logarithmic. The unfinished line never
  // exceeds max_record_size + 1 bytes, so the buffer need not exceed that plus
  // one read.
  uint64_t limit = std::max<uint64_t>(needed, max_record_size_ + 1 + read_size_);
  size_t capacity = static_cast<size_t>(
      std::min<uint64_t>(std::max({needed, capacity_ * 2, read_size_ * 2}), limit));
  auto bigger = std::make_unique<char[]>(capacity + simdjson::SIMDJSON_PADDING);
  if (end_ > 0) std::memcpy(bigger.get(), buf_.get(), end_);
  std::memset(bigger.get() + capacity, 0, simdjson::SIMDJSON_PADDING);
  buf_ = std::move(bigger);
  base_ = buf_.get();
  capacity_ = capacity;
}

std::span<char> LineSplitter::write_area() {
  if (attached_) {
    // Reading on after the attached bytes: the unfinished line moves into
    // a buffer of our own.
    const char* partial = base_ + begin_;
    const size_t len = end_ - begin_;
    scan_ = std::max(scan_, begin_) - begin_;
    attached_ = false;
    buf_.reset();
    base_ = nullptr;
    begin_ = end_ = capacity_ = 0;
    grow(len + read_size_);
    if (len > 0) std::memcpy(buf_.get(), partial, len);
    end_ = len;
  }
  if (begin_ > 0) {
    size_t partial = end_ - begin_;
    if (partial > 0) std::memmove(buf_.get(), buf_.get() + begin_, partial);
    scan_ -= begin_;
    end_ = partial;
    begin_ = 0;
  }
  if (capacity_ - end_ < read_size_) grow(end_ + read_size_);
  return {buf_.get() + end_, capacity_ - end_};
}

void LineSplitter::attach(const char* data, size_t len) {
  base_ = data;
  capacity_ = len;
  begin_ = scan_ = end_ = 0;
  attached_ = true;
}

size_t LineSplitter::advance(size_t n) {
  const size_t added = std::min(n, capacity_ - end_);
  end_ += added;
  return added;
}

void LineSplitter::hand_off(LineBuffer& spare) {
  if (attached_) return;  // the texts stay valid in the map
  size_t partial = end_ - begin_;
  size_t needed = partial + read_size_;
  if (!spare.data || spare.capacity < needed) {
    spare.capacity = std::max(needed, capacity_);
    spare.data = std::make_unique<char[]>(spare.capacity + simdjson::SIMDJSON_PADDING);
    std::memset(spare.data.get() + spare.capacity, 0, simdjson::SIMDJSON_PADDING);
  }
  if (partial > 0) std::memcpy(spare.data.get(), buf_.get() + begin_, partial);
  scan_ = std::max(scan_, begin_) - begin_;
  end_ = partial;
  begin_ = 0;
  std::swap(buf_, spare.data);
  std::swap(capacity_, spare.capacity);
  base_ = buf_.get();
}

void LineSplitter::commit(size_t n) { end_ += std::min(n, capacity_ - end_); }

void LineSplitter::emit(std::vector<InputLine>& out, size_t begin, size_t end) {
  bool too_long = end - begin > max_record_size_;
  size_t len = too_long ? max_record_size_ : end - begin;
  out.push_back({std::string_view(base_ + begin, len), begin_offset_, lines_seen_,
                 too_long ? LineIssue::TooLong : LineIssue::None});
}

void flag_encoding_issues(std::span<InputLine> lines, bool utf8) {
  for (InputLine& line : lines) {
    if (line.issue != LineIssue::None) continue;
    if (std::memchr(line.text.data(), '\0', line.text.size()) != nullptr)
      line.issue = LineIssue::NulByte;
    else if (utf8 && !simdjson::validate_utf8(line.text.data(), line.text.size()))
      line.issue = LineIssue::InvalidUtf8;
  }
}

// Checks the bytes behind the lines appended since `first` (which lie
// between `from` and `to`). The encoding checks make one pass over all of
// them and look at each line only when that fails: newlines are ASCII, so a
// multi-byte character never spans two lines and whole-chunk validity
// equals per-line validity.
void LineSplitter::check(std::vector<InputLine>& out, size_t first, const char* from, const char* to) {
  if (check_ == LineCheck::Off || out.size() == first) return;
  if (check_ == LineCheck::JsonObject) {
    json_check_->flag(out, first);
    return;
  }
  size_t len = static_cast<size_t>(to - from);
  const bool utf8 = check_ == LineCheck::NulAndUtf8;
  if (std::memchr(from, '\0', len) == nullptr && (!utf8 || simdjson::validate_utf8(from, len))) return;
  flag_encoding_issues(std::span(out).subspan(first), utf8);
}

size_t LineSplitter::split(std::vector<InputLine>& out) {
  size_t first = out.size();
  const char* base = base_;
  if (skipping_) {
    auto* nl = static_cast<const char*>(std::memchr(base + begin_, '\n', end_ - begin_));
    size_t next = nl ? static_cast<size_t>(nl - base) + 1 : end_;
    begin_offset_ += next - begin_;
    begin_ = scan_ = next;
    if (!nl) return 0;
    skipping_ = false;
    resume_offset_ = begin_offset_;
    resume_line_ = lines_seen_;
  }
  size_t chunk_begin = begin_;
  size_t pos = std::max(scan_, begin_);
  while (pos < end_) {
    auto* nl = static_cast<const char*>(std::memchr(base + pos, '\n', end_ - pos));
    if (!nl) break;
    size_t nl_pos = static_cast<size_t>(nl - base);
    size_t line_end = nl_pos;
    if (line_end > begin_ && base[line_end - 1] == '\r') --line_end;
    ++lines_seen_;
    if (line_end == begin_)
      ++empty_lines_;
    else
      emit(out, begin_, line_end);
    begin_offset_ += nl_pos + 1 - begin_;
    begin_ = pos = nl_pos + 1;
    resume_offset_ = begin_offset_;
    resume_line_ = lines_seen_;
  }
  scan_ = end_;
  size_t chunk_end = begin_;
  // Past max + 1 bytes the line is too long even if a '\r' ends it: report
  // it now and skip the rest, so memory stays bounded. The resume point stays
  // at the line's start until its end is found.
  if (end_ - begin_ > max_record_size_ + 1) {
    ++lines_seen_;
    emit(out, begin_, end_);
    skipping_ = true;
    begin_offset_ += end_ - begin_;
    begin_ = scan_ = end_;
  }
  check(out, first, base + chunk_begin, base + chunk_end);
  return out.size() - first;
}

size_t LineSplitter::finish(std::vector<InputLine>& out) {
  size_t first = out.size();
  if (skipping_) {
    skipping_ = false;
  } else if (end_ > begin_) {
    size_t line_end = end_;
    if (base_[line_end - 1] == '\r') --line_end;
    ++lines_seen_;
    if (line_end == begin_)
      ++empty_lines_;
    else
      emit(out, begin_, line_end);
    check(out, first, base_ + begin_, base_ + line_end);
  }
  begin_offset_ += end_ - begin_;
  begin_ = scan_ = end_;
  resume_offset_ = begin_offset_;
  resume_line_ = lines_seen_;
  return out.size() - first;
}

void LineSplitter::reset(uint64_t offset, uint64_t line) {
  begin_ = scan_ = end_ = 0;
  skipping_ = false;
  begin_offset_ = resume_offset_ = offset;
  lines_seen_ = resume_line_ = line;
}

bool LineSplitter::has_complete_line() const {
  size_t pos = std::max(scan_, begin_);
  return pos < end_ && std::memchr(base_ + pos, '\n', end_ - pos) != nullptr;
}

}  // namespace sp
