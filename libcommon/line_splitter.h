// Splits a byte stream into lines inside one reused, simdjson-padded buffer,
// or inside a memory-mapped file.
//
// The caller reads into write_area(), commit()s what it read, then split()s.
// Returned texts point into the buffer and stay valid until the next
// write_area() or reset(); each is followed by at least SIMDJSON_PADDING
// readable bytes, so simdjson can parse it in place.
//
// A mapped file is attach()ed instead and advance()d through; its texts
// point into the map. write_area() then copies the unfinished line into a
// buffer and goes on from there, for a file that grew after it was mapped.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace sp {

class JsonLineCheck;

// InvalidJson and NotObject come from LineCheck::JsonObject.
enum class LineIssue : uint8_t { None, TooLong, NulByte, InvalidUtf8, InvalidJson, NotObject };

struct InputLine {
  std::string_view text;  // without '\n' and one trailing '\r'; TooLong: its first max_record_size bytes
  uint64_t offset;        // byte offset of the line's first byte in the (decompressed) stream
  uint64_t line;          // 1-based line number
  LineIssue issue;
  uint8_t json_error = 0;  // InvalidJson: the simdjson::error_code
};

// A buffer lines are read into: `capacity` usable bytes and
// SIMDJSON_PADDING more allocated after them.
struct LineBuffer {
  std::unique_ptr<char[]> data;
  size_t capacity = 0;
};

// Flags the lines that hold a NUL byte or (with `utf8`) invalid UTF-8:
// NulByte, InvalidUtf8. A line with an issue already keeps it.
void flag_encoding_issues(std::span<InputLine> lines, bool utf8 = true);

// What the splitter checks of the lines it returns (and flags).
enum class LineCheck : uint8_t {
  NulAndUtf8,
  // NUL bytes only: the caller parses every line with simdjson, whose first
  // stage validates the UTF-8 of the whole line, and flags a line that
  // fails (flag_encoding_issues()). Saves a second pass over the bytes.
  NulOnly,
  // Nothing: the caller validates the lines anyway and flags only when that
  // fails.
  Off,
  // Each line whole as one JSON object (json_line_check.h), which covers
  // NUL bytes and UTF-8 too: for NDJSON records.
  JsonObject,
};

class LineSplitter {
 public:
  // start_offset/start_line: stream position of the first byte that will be
  // committed, and the number of lines before it (for resumes).
  LineSplitter(uint64_t max_record_size, size_t read_size, uint64_t start_offset = 0,
               uint64_t start_line = 0);
  ~LineSplitter();
  LineSplitter(LineSplitter&&) noexcept;
  LineSplitter& operator=(LineSplitter&&) noexcept;

  // Room for at least read_size bytes. Moves the unfinished line to the
  // front of the buffer (growing it if needed), so it invalidates the texts
  // returned before.
  std::span<char> write_area();
  void commit(size_t n);

  // Splits `data` (len bytes followed by SIMDJSON_PADDING readable ones,
  // which outlive the texts) from here on, in place. Only when no bytes
  // are buffered.
  void attach(const char* data, size_t len);
  // Makes up to n more attached bytes available to split(); returns how
  // many (0 once all are).
  size_t advance(size_t n);
  bool attached() const { return attached_; }

  // Appends every complete line buffered; returns how many were appended.
  // Empty lines are counted, not returned. A line longer than the maximum is
  // returned once, as TooLong, as soon as that is known; its rest is skipped.
  size_t split(std::vector<InputLine>& out);

  // End of input: appends the last line if it had no '\n'.
  size_t finish(std::vector<InputLine>& out);

  // Goes on in `spare` (allocated anew when missing or too small) and
  // leaves in `spare` the buffer that holds the lines returned so far, so
  // they stay valid while the splitter reads on: for reading ahead on
  // another thread. The unfinished line is copied over.
  void hand_off(LineBuffer& spare);

  // Start over at a new stream position (rotation, truncation). Texts
  // returned before stay valid until the next write_area().
  void reset(uint64_t offset, uint64_t line);

  // What split() and finish() flag: see LineCheck. With `control_lines`,
  // LineCheck::JsonObject leaves control lines (control_line.h) unflagged.
  void set_check(LineCheck check, bool control_lines = false);

  // A complete line is buffered that split() has not returned yet.
  bool has_complete_line() const;
  // Bytes of an unfinished line are buffered.
  bool has_partial_line() const { return end_ > begin_ || skipping_; }

  uint64_t offset() const { return resume_offset_; }  // just past the last finished line
  uint64_t line() const { return resume_line_; }      // lines finished so far
  uint64_t empty_lines() const { return empty_lines_; }

 private:
  void emit(std::vector<InputLine>& out, size_t begin, size_t end);
  void check(std::vector<InputLine>& out, size_t first, const char* from, const char* to);
  void grow(size_t needed);

  uint64_t max_record_size_;
  size_t read_size_;
  std::unique_ptr<char[]> buf_;
  const char* base_ = nullptr;  // buf_, or the attached bytes
  bool attached_ = false;
  size_t capacity_ = 0;  // usable bytes at base_; SIMDJSON_PADDING more are readable
  size_t begin_ = 0;     // first byte of the unfinished line
  size_t scan_ = 0;      // bytes before this (from begin_) hold no '\n'
  size_t end_ = 0;       // end of buffered data
  uint64_t begin_offset_;        // stream offset of buf_[begin_]
  uint64_t lines_seen_;          // line number of the last line started and ended
  uint64_t resume_offset_, resume_line_;
  uint64_t empty_lines_ = 0;
  LineCheck check_ = LineCheck::NulAndUtf8;
  std::unique_ptr<JsonLineCheck> json_check_;  // with LineCheck::JsonObject
  bool skipping_ = false;        // inside the rest of a TooLong line
};

}  // namespace sp
