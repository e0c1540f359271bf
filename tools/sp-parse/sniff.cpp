#include "tools/sp-parse/sniff.h"

#include "libcommon/errors.h"
#include "tools/sp-parse/access_log.h"
#include "tools/sp-parse/logfmt_reader.h"
#include "tools/sp-parse/syslog.h"

namespace sp {

namespace {

bool is_logfmt(std::string_view line) {
  Arena arena;
  ParsedRecord record;
  std::string error;
  if (!LogfmtReader::parse(line, arena, record, error) || record.fields.size() < 2) return false;
  for (const Field& f : record.fields)
    if (f.kind != ValueKind::String) return false;  // bare words: prose, not logfmt
  return true;
}

}  // namespace

std::string sniff_format(std::string_view line) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (line.substr(0, kBom.size()) == kBom) line.remove_prefix(kBom.size());
  if (!line.empty() && line[0] == '{') return "json";
  ParsedRecord record;
  std::string error;
  if (!line.empty() && line[0] == '<') {
    if (Syslog5424Reader().parse(line, record, error)) return "syslog-rfc5424";
    if (Syslog3164Reader().parse(line, record, error)) return "syslog-rfc3164";
  }
  if (AccessLogReader(AccessLogFormat::NginxCombined).parse(line, record, error)) return "nginx-combined";
  if (AccessLogReader(AccessLogFormat::ApacheCommon).parse(line, record, error)) return "apache-common";
  if (Syslog3164Reader().parse(line, record, error)) return "syslog-rfc3164";
  if (is_logfmt(line)) return "logfmt";
  if (line.find('\t') != std::string_view::npos) return "tsv";
  if (line.find(',') != std::string_view::npos) return "csv";
  throw UsageError("--from auto: cannot tell the format of the first line; name it with --from");
}

}  // namespace sp
