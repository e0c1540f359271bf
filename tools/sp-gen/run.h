// sp-gen's run loop: turns parsed options into a generator, paces it when
// asked, and writes the lines to the output.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "libcommon/cli.h"
#include "tools/sp-gen/generator.h"
#include "tools/sp-gen/rate.h"

namespace sp::gen {

// The tool's own options as typed on the command line.
struct GenArgs {
  std::optional<uint64_t> count;  // unset: 10, or unbounded with --rate
  uint64_t seed = 1;
  std::string rate;
  uint64_t keys = 1000;
  double zipf = 1.1;
  double dup_rate = 0;
  std::string disorder;
  double late_rate = 0;
  std::string start;
  std::string interval;
  std::string format = "ndjson";
};

inline constexpr uint64_t kDefaultCount = 10;

// Checks and converts GenArgs; throws UsageError. `now_wall` serves --start now.
GenOptions resolve_options(const GenArgs& args, Nanos now_wall);

// Writes the records; returns the exit status. Throws IoError / BrokenPipe.
int run(const GenArgs& args, const CommonOptions& common);

}  // namespace sp::gen
