// An NDJSON writer: appends JSON text to a caller-owned std::string with
// correct escaping and shortest round-trip numbers. Reuse one writer (and its
// string) across records: after warm-up it does not allocate.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sp {

// Appends `text` as a quoted JSON string (escaping ", \ and control bytes;
// other bytes, including UTF-8 sequences, are copied as they are).
void append_json_string(std::string& out, std::string_view text);

// Appends a number in its shortest round-trip form; NaN and infinities,
// which JSON cannot represent, become null.
void append_json_number(std::string& out, double value);
void append_json_number(std::string& out, int64_t value);
void append_json_number(std::string& out, uint64_t value);

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void string(std::string_view value);
  void number(double value);
  void number(int64_t value);
  void number(uint64_t value);
  void boolean(bool value);
  void null();
  // Appends already-serialised JSON (e.g. a value copied from the input).
  void raw(std::string_view json);

  // Forgets nesting state; the caller clears the string.
  void reset() { first_.clear(); after_key_ = false; }

 private:
  void separate();

  std::string& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace sp
