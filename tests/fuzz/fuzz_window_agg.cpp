// sp-window's option parsers: --agg, --by and the window options. The input
// is lines: --agg, --by, the window size, --advance, --offset,
// --allowed-lateness, --emit; the first byte picks the window kind.
// Anything may be refused with UsageError, never crash; an accepted
// configuration has aggregates whose fields all exist and whose names are
// unique.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/errors.h"
#include "tools/sp-window/window_options.h"

namespace {

std::vector<std::string> lines_of(std::string_view input) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= input.size() && lines.size() < 7) {
    size_t nl = input.find('\n', start);
    if (nl == std::string_view::npos) nl = input.size();
    lines.emplace_back(input.substr(start, nl - start));
    start = nl + 1;
  }
  lines.resize(7);
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::vector<std::string> line = lines_of(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));

  // --agg alone, as most users write it.
  try {
    sp::WindowConfig config;
    sp::parse_agg_list(line[0], config);
  } catch (const sp::UsageError&) {
  }

  sp::WindowArgs args;
  args.agg = line[0];
  args.by = line[1];
  switch (mode % 4) {
    case 0: args.tumbling = line[2]; break;
    case 1: args.hopping = line[2]; break;
    case 2: args.session = line[2]; break;
    default: args.count = line[2]; break;
  }
  args.advance = line[3];
  args.offset = line[4];
  args.allowed_lateness = line[5];
  if (!line[6].empty()) args.emit = line[6];
  args.processing_time = mode & 4;
  try {
    sp::WindowConfig c = sp::resolve_window_config(args, (mode & 8) ? "ts" : "");
    if (c.aggs.empty()) std::abort();
    std::set<std::string> names;
    for (const sp::AggSpec& a : c.aggs) {
      if (a.field >= static_cast<int>(c.fields.size())) std::abort();
      if (!names.insert(a.name).second) std::abort();
      if (a.fn == sp::AggFn::Percentile && (a.pct_scale == 0 || a.pct_num > 100 * a.pct_scale)) std::abort();
    }
    (void)c.state_options();
  } catch (const sp::UsageError&) {
  }
  return 0;
}
