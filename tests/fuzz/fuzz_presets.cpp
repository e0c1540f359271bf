// Access-log and syslog presets, and --from auto's sniffing.
#include "libcommon/errors.h"
#include "tests/fuzz/format_fuzz.h"
#include "tools/sp-parse/access_log.h"
#include "tools/sp-parse/sniff.h"
#include "tools/sp-parse/syslog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  sp::fuzz::CheckingSink sink;
  const uint8_t* body = data + 1;
  size_t n = size - 1;
  switch (data[0] % 6) {
    case 0: { sp::AccessLogReader r(sp::AccessLogFormat::NginxCombined); sp::fuzz::feed_lines(r, body, n, sink); break; }
    case 1: { sp::AccessLogReader r(sp::AccessLogFormat::ApacheCommon); sp::fuzz::feed_lines(r, body, n, sink); break; }
    case 2: { sp::AccessLogReader r(sp::AccessLogFormat::ApacheCombined); sp::fuzz::feed_lines(r, body, n, sink); break; }
    case 3: { sp::Syslog5424Reader r; sp::fuzz::feed_lines(r, body, n, sink); break; }
    case 4: { sp::Syslog3164Reader r; sp::fuzz::feed_lines(r, body, n, sink); break; }
    default:
      try {
        sp::sniff_format(std::string_view(reinterpret_cast<const char*>(body), n));
      } catch (const sp::UsageError&) {
      }
  }
  return 0;
}
