// Presets for web server access logs, with nginx's variable names:
//
//   nginx-combined   $remote_addr - $remote_user [$time_local] "$request"
//                    $status $body_bytes_sent "$http_referer" "$http_user_agent"
//   apache-common    %h %l %u %t "%r" %>s %b
//   apache-combined  %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"
//
// Fields, in order: remote_addr, remote_logname (Apache's %l; apache-* only),
// remote_user, time_local (as written, e.g. "10/Oct/2000:13:55:36 -0700"),
// request, method, path, protocol (split from request; null when request is
// not "METHOD TARGET [PROTOCOL]"), status and body_bytes_sent (numbers),
// http_referer, http_user_agent (combined only).
//
// "-" (the servers' mark for "no value") becomes null in every field except
// time_local and status. Quoted fields may escape quotes as \" (Apache);
// \" and \\ are decoded, other escapes (nginx's \x22) are kept as written.
// Bad records name what was expected and the column: trailing text after
// the last field is an error, so a custom log format is never half-parsed.
#pragma once
#include <string>

#include "tools/sp-parse/record_model.h"

namespace sp {

enum class AccessLogFormat { NginxCombined, ApacheCommon, ApacheCombined };

class AccessLogReader final : public FormatReader {
 public:
  explicit AccessLogReader(AccessLogFormat format) : format_(format) {}
  void feed(const Record& line, RecordSink& sink) override;
  // Parses one line; false with `error` set on bad input.
  bool parse(std::string_view text, ParsedRecord& out, std::string& error);

 private:
  AccessLogFormat format_;
  Arena arena_;
  ParsedRecord record_;
  std::string error_;
};

}  // namespace sp
