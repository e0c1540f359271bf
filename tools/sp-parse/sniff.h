// sp-parse --from auto: which format a line is in, from its shape.
#pragma once
#include <string>
#include <string_view>

namespace sp {

// One of: json, syslog-rfc5424, syslog-rfc3164, nginx-combined,
// apache-common, logfmt, tsv, csv. Throws UsageError when nothing fits.
std::string sniff_format(std::string_view first_line);

}  // namespace sp
