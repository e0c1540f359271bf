// sp-parse's intermediate record: the fields a format reader found, in
// order, before schema mapping turns them into the output JSON object.
// Names and values are views: into the input buffer when the bytes can be
// used as they are, else into the Arena (unescaped CSV fields, new names).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/operator.h"

namespace sp {

enum class ValueKind : uint8_t {
  String,  // text to be written as a JSON string (escaped on output)
  Number,  // a JSON number literal, written as it is
  Bool,    // "true" or "false"
  Null,    // "null"
  Json,    // any JSON text (object, array, or a value copied from JSON input)
};

struct Field {
  std::string_view name;
  std::string_view value;
  ValueKind kind = ValueKind::String;
  // The name (the value, of a String) has no byte that JSON escapes, so
  // the writer copies it without scanning. Set where that is known for free
  // (a JSON key or string whose text has no backslash); whoever changes the
  // name or value clears it, or sets it when the new bytes are plain too.
  bool plain_name = false;
  bool plain_value = false;
};

// Stable storage for bytes that outlive one parsing step but not the
// record: views handed out stay valid until clear(). Reused across records,
// so it stops allocating once warmed up.
class Arena {
 public:
  std::string_view copy(std::string_view bytes);
  // Appends to a value being built; finish with take_building().
  void append(std::string_view bytes);
  std::string_view take_building();
  void clear();

 private:
  static constexpr size_t kBlockSize = 64 * 1024;
  char* reserve(size_t size);
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  size_t block_ = 0;    // current block
  size_t used_ = 0;     // bytes used in the current block
  std::string building_;
};

struct ParsedRecord {
  std::vector<Field> fields;
  uint64_t offset = 0;   // byte offset of the record's first line
  uint64_t line = 0;     // line number of its first line
  std::string_view raw;  // the original text (all of its lines), for dead letters
};

// Receives what a format reader makes of its input.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_parsed(ParsedRecord& record) = 0;
  // A record the reader could not parse; `where` gives its offset and line.
  virtual void on_bad(const Record& where, std::string_view reason) = 0;

  // A sink that writes records out as they come (no later step changes
  // their fields) may also take them as finished JSON objects, which a
  // reader can write faster than a field list: json_area(size) gives room
  // for `size` bytes (nullptr: this sink takes only on_parsed), and
  // on_json(size) takes the object written at its start. The record is
  // written as on_parsed would write the fields (write_fields_json).
  virtual char* json_area(size_t size) { return nullptr; }
  virtual void on_json(size_t size) {}
};

// Hands a record parsed from one whole input line to the sink, with that
// line's position and text (for formats whose records never span lines).
inline void emit_line_record(const Record& line, ParsedRecord& record, RecordSink& sink) {
  record.offset = line.offset;
  record.line = line.line;
  record.raw = line.text;
  sink.on_parsed(record);
}

// A text format (CSV, logfmt, a regex, a preset, ...). Readers are fed one
// line at a time and may hold lines back: a CSV field or a multi-line
// record can span several.
class FormatReader {
 public:
  virtual ~FormatReader() = default;
  virtual void feed(const Record& line, RecordSink& sink) = 0;
  // Emits whatever is held back (end of input, or a multi-line timeout).
  virtual void finish(RecordSink& sink) {}
  virtual bool has_pending() const { return false; }
};

}  // namespace sp
