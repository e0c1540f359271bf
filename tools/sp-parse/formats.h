// sp-parse's input formats: the --from option and the format options, and
// the operator that reads the chosen format.
//
//   json (default)  NDJSON, validated and passed through (json_source.h)
//   csv, tsv        RFC 4180 (csv_format.h); tsv is the same with a tab
//   logfmt          key=value key="quoted value" (logfmt_reader.h)
//   regex           --regex RE: RE2 named groups become fields (regex_reader.h)
//   nginx-combined, apache-common, apache-combined,
//   syslog-rfc3164, syslog-rfc5424   presets (access_log.h, syslog.h)
//   auto            chosen from the first line (sniff.h)
// --multiline-start RE groups continuation lines with every text format
// (multiline.h).
#pragma once
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "libcommon/operator.h"
#include "tools/sp-parse/record_model.h"

namespace sp {

struct FormatOptions {
  std::string from = "json";
  std::string regex;
  bool no_header = false;
  std::vector<std::string> columns;
  std::string delimiter;
  std::string multiline_start;
  std::string multiline_timeout;
};

// Adds --from and the format options to the tool's command line.
void add_format_options(CLI::App& app, FormatOptions& options);

// A reader for one text format (not json or auto). Throws UsageError for a
// bad combination of options or a bad --regex.
std::unique_ptr<FormatReader> make_format_reader(std::string_view format, const FormatOptions& options);

// The operator for the chosen format: JSON pass-through for --from json,
// else a TextSource. Throws UsageError for bad format options.
std::unique_ptr<Operator> make_format_operator(const FormatOptions& options);

}  // namespace sp
