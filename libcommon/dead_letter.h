// Where rejected records go: --dead-letter FILE receives one NDJSON line per
// rejected record, keeping its original bytes losslessly:
//   {"input":"app.log","offset":123,"line":4,"reason":"…","record":"<text>"}
// A record whose bytes are not valid UTF-8 is written as "record_base64".
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "libcommon/output.h"

namespace sp {

struct Rejection {
  std::string_view input;   // input name for diagnostics ("stdin" or a path)
  uint64_t offset = 0;      // byte offset of the record's first byte
  uint64_t line = 0;        // 1-based line number
  std::string_view reason;
  std::string_view record;  // the original bytes (possibly truncated for over-long lines)
};

// Formats a rejection as one dead-letter line (without the newline).
void format_rejection(const Rejection& rejection, std::string& out);

class DeadLetterSink {
 public:
  // An empty path means no sink: rejections are only counted and reported.
  explicit DeadLetterSink(const std::string& path);
  bool enabled() const { return sink_ != nullptr; }
  void write(const Rejection& rejection);
  void flush();
  void sync();

 private:
  std::unique_ptr<OutputSink> sink_;
  std::string line_;
};

}  // namespace sp
