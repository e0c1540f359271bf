// Syslog presets. Both give the same fields, named after RFC 5424:
//   priority, facility, severity (numbers; null without a <PRI>),
//   timestamp (as written), hostname, app_name, procid, msgid,
//   structured_data, message.
//
// syslog-rfc5424: <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG].
//   The NILVALUE "-" is null. STRUCTURED-DATA becomes a JSON object
//   {"SD-ID":{"PARAM":"value",...},...} (param values unescaped; a
//   repeated param gives an array of its values; a repeated SD-ID is a bad
//   record). A UTF-8 BOM starting MSG is dropped; no MSG is null.
//
// syslog-rfc3164 (BSD syslog) and its real-world variants:
//   <PRI> optional (files under /var/log have none);
//   timestamp "Mmm dd hh:mm:ss" (day space- or zero-padded, optional
//   fraction), "Mmm dd yyyy hh:mm:ss", "Mmm dd hh:mm:ss yyyy" or
//   "yyyy Mmm dd hh:mm:ss" (with a year), or RFC 3339 ("2026-01-01T00:00:00.123+01:00", rsyslog);
//   hostname optional (a first word ending in ':' or holding '[' is the tag);
//   TAG[PID]: or TAG: optional (app_name, procid; a line without a tag,
//   e.g. "last message repeated 3 times", is all message).
//   msgid and structured_data are always null.
#pragma once
#include <string>

#include "tools/sp-parse/record_model.h"

namespace sp {

class Syslog5424Reader final : public FormatReader {
 public:
  void feed(const Record& line, RecordSink& sink) override;
  bool parse(std::string_view text, ParsedRecord& out, std::string& error);

 private:
  Arena arena_;
  ParsedRecord record_;
  std::string error_;
  std::string sd_json_;
};

class Syslog3164Reader final : public FormatReader {
 public:
  void feed(const Record& line, RecordSink& sink) override;
  bool parse(std::string_view text, ParsedRecord& out, std::string& error);

 private:
  ParsedRecord record_;
  std::string error_;
};

}  // namespace sp
