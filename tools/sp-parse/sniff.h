// sp-parse --from auto: which format a line is in, from its shape. Only the
// first line is looked at, so tailing starts at once; the choice holds for
// the whole input. In order:
//   '{'                                   json
//   <PRI>VERSION SP                       syslog-rfc5424
//   <PRI>, or a syslog timestamp first    syslog-rfc3164
//   parses as nginx-combined              nginx-combined (= apache-combined)
//   parses as apache-common               apache-common
//   logfmt with >= 2 key=value pairs      logfmt
//   has a tab                             tsv
//   has a comma                           csv
// Anything else is a usage error asking for --from.
#pragma once
#include <string>
#include <string_view>

namespace sp {

std::string sniff_format(std::string_view first_line);

}  // namespace sp
