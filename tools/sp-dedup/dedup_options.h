// sp-dedup's own options, as parsed by CLI11 and then checked and resolved.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "libcommon/cli.h"
#include "libcommon/json_record.h"
#include "libcommon/units.h"

namespace sp {

struct DedupArgs {
  std::string key;
  bool raw = false;
  bool require_key = false;
  std::string within;
  uint64_t within_records = 0;
  uint64_t max_keys = 0;
  std::string max_memory;
  std::string keep = "first";
  std::string count_field;
  bool duplicates = false;
  bool approx = false;
  double fp_rate = 0.0;  // 0: not given

  // Adds the options to the tool's command line.
  void add_to(CLI::App& app);
};

struct DedupConfig {
  std::vector<FieldPath> fields;  // empty: the whole record
  bool raw = false;
  bool require_key = false;
  Nanos within = 0;              // 0: no event-time horizon
  uint64_t within_records = 0;   // 0: no record-count horizon
  uint64_t max_keys = 0;         // 0: unbounded (exact mode)
  bool keep_last = false;
  std::string count_field;
  bool duplicates = false;
  bool approx = false;
  double fp_rate = 0.001;
  uint64_t approx_bits = 0;      // from --max-memory with --approx; 0: from --fp-rate
  Nanos max_delay = 0;           // the common --max-delay, for the watermark
  bool event_time = false;       // --time-field given: the driver parses every record

  // The options that shape the saved state, for checkpoint compatibility.
  std::string state_options() const;
};

inline constexpr uint64_t kDefaultApproxCapacity = 10'000'000;

// Checks combinations and converts values; throws UsageError naming the
// option and the fix.
DedupConfig resolve_dedup_options(const DedupArgs& args, const CommonOptions& common);

}  // namespace sp
