#include "tools/sp-parse/formats.h"

#include "libcommon/csv_reader.h"
#include "libcommon/errors.h"
#include "libcommon/time_range.h"
#include "tools/sp-parse/access_log.h"
#include "tools/sp-parse/csv_format.h"
#include "tools/sp-parse/json_source.h"
#include "tools/sp-parse/logfmt_reader.h"
#include "tools/sp-parse/multiline.h"
#include "tools/sp-parse/regex_reader.h"
#include "tools/sp-parse/syslog.h"
#include "tools/sp-parse/text_source.h"

namespace sp {

namespace {

const std::vector<std::string> kFormats = {"json",           "csv",           "tsv",
                                           "logfmt",         "regex",         "nginx-combined",
                                           "apache-common",  "apache-combined", "syslog-rfc3164",
                                           "syslog-rfc5424", "auto"};

bool is_csv(std::string_view f) { return f == "csv" || f == "tsv"; }

}  // namespace

void add_format_options(CLI::App& app, FormatOptions& o) {
  const char* group = "Input format";
  app.add_option("--from", o.from,
                 "Input format: json (default), csv, tsv, logfmt, regex, nginx-combined, apache-common, "
                 "apache-combined, syslog-rfc3164, syslog-rfc5424, auto")
      ->type_name("FORMAT")
      ->check(CLI::IsMember(kFormats))
      ->group(group);
  app.add_option("--regex", o.regex, "With --from regex: an RE2 pattern whose named groups (?P<name>...) become fields")
      ->type_name("RE")
      ->group(group);
  app.add_flag("--no-header", o.no_header, "CSV/TSV: the first row is data, not a header (name fields with --columns)")
      ->group(group);
  app.add_option("--columns", o.columns, "CSV/TSV: field names, e.g. a,b,c (replaces the header row if there is one)")
      ->type_name("NAMES")
      ->delimiter(',')
      ->group(group);
  app.add_option("--delimiter", o.delimiter, "CSV/TSV: field delimiter, one ASCII character or tab (default , for csv, tab for tsv)")
      ->type_name("C")
      ->group(group);
  app.add_option("--multiline-start", o.multiline_start,
                 "A line matching this RE2 pattern starts a record; other lines are appended (with a newline) to "
                 "the current record's message")
      ->type_name("RE")
      ->group(group);
  app.add_option("--multiline-timeout", o.multiline_timeout,
                 "With --multiline-start: emit the last record once input has been quiet this long (e.g. 2s)")
      ->type_name("DUR")
      ->group(group);
}

std::unique_ptr<FormatReader> make_format_reader(std::string_view format, const FormatOptions& o) {
  std::unique_ptr<FormatReader> reader;
  if (is_csv(format)) {
    CsvFormatOptions csv;
    csv.delimiter = !o.delimiter.empty() ? parse_csv_delimiter(o.delimiter) : format == "tsv" ? '\t' : ',';
    csv.header = !o.no_header;
    csv.columns = o.columns;
    reader = std::make_unique<CsvFormatReader>(std::move(csv));
  } else if (format == "logfmt") {
    reader = std::make_unique<LogfmtReader>();
  } else if (format == "regex") {
    reader = std::make_unique<RegexReader>(o.regex);
  } else if (format == "nginx-combined") {
    reader = std::make_unique<AccessLogReader>(AccessLogFormat::NginxCombined);
  } else if (format == "apache-common") {
    reader = std::make_unique<AccessLogReader>(AccessLogFormat::ApacheCommon);
  } else if (format == "apache-combined") {
    reader = std::make_unique<AccessLogReader>(AccessLogFormat::ApacheCombined);
  } else if (format == "syslog-rfc5424") {
    reader = std::make_unique<Syslog5424Reader>();
  } else if (format == "syslog-rfc3164") {
    reader = std::make_unique<Syslog3164Reader>();
  } else {
    throw UsageError("--from " + std::string(format) + ": not a text format");
  }
  if (!o.multiline_start.empty()) reader = std::make_unique<MultilineReader>(std::move(reader), o.multiline_start);
  return reader;
}

std::unique_ptr<Operator> make_format_operator(const FormatOptions& o) {
  const std::string& from = o.from;
  if (!o.regex.empty() && from != "regex" && from != "auto") throw UsageError("--regex needs --from regex");
  if (from == "regex" && o.regex.empty()) throw UsageError("--from regex needs --regex RE");
  if ((o.no_header || !o.columns.empty() || !o.delimiter.empty()) && !is_csv(from) && from != "auto")
    throw UsageError("--no-header, --columns and --delimiter need --from csv or tsv");
  for (const auto& c : o.columns)
    if (c.empty()) throw UsageError("--columns: empty field name; give names separated by commas, e.g. ts,level,msg");
  if (!o.multiline_timeout.empty() && o.multiline_start.empty())
    throw UsageError("--multiline-timeout needs --multiline-start");
  if (from == "json") {
    if (!o.multiline_start.empty()) throw UsageError("--multiline-start works with text formats, not --from json");
    return std::make_unique<JsonPassThrough>();
  }
  Nanos timeout = o.multiline_timeout.empty() ? 0 : parse_time_span(o.multiline_timeout, "--multiline-timeout");
  if (from != "auto") make_format_reader(from, o);  // report bad options now, not at the first record
  return std::make_unique<TextSource>(from, [o](std::string_view f) { return make_format_reader(f, o); }, timeout);
}

}  // namespace sp
