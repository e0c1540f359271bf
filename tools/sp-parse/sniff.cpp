#include "tools/sp-parse/sniff.h"

#include "libcommon/errors.h"

namespace sp {

std::string sniff_format(std::string_view line) {
  if (!line.empty() && line[0] == '{') return "json";
  if (line.find('\t') != std::string_view::npos) return "tsv";
  if (line.find(',') != std::string_view::npos) return "csv";
  throw UsageError("--from auto: cannot tell the format of the first line; name it with --from");
}

}  // namespace sp
