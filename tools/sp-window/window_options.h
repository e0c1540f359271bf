// sp-window's own options, as given on the command line and as checked,
// resolved values (window kind, durations, aggregate list).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "libcommon/json_record.h"
#include "libcommon/timestamp.h"
#include "libcommon/units.h"

namespace sp {

// The options exactly as typed (filled by CLI11).
struct WindowArgs {
  std::string tumbling, hopping, advance, session, count, offset;
  std::string by;
  std::string agg = "count";
  std::string time_out = "rfc3339";
  std::string allowed_lateness;
  std::string late;
  std::string emit = "final";
  std::string on_overflow = "error";
  uint64_t max_groups = 10'000'000;
  bool processing_time = false;
  bool flush_at_end = false;
  bool sketch = false;
};

enum class WindowKind { Tumbling, Hopping, Session, Count };
enum class EmitMode { Final, Early, Update };
enum class OnOverflow { Error, EmitOldest };

enum class AggFn : uint8_t {
  Count, Sum, Min, Max, Avg, Stddev, First, Last, Distinct, ApproxDistinct, Percentile,
};

struct AggSpec {
  std::string name;       // output field
  AggFn fn = AggFn::Count;
  int field = -1;         // index into WindowConfig::fields; -1: count of records
  // pNN as an exact decimal: NN = pct_num / pct_scale percent.
  uint64_t pct_num = 0;
  uint64_t pct_scale = 1;
};

// Everything the operators need, checked.
struct WindowConfig {
  WindowKind kind = WindowKind::Tumbling;
  Nanos size = 0;          // tumbling/hopping length, session gap
  Nanos advance = 0;       // hopping step
  uint64_t count = 0;      // count windows: records per window
  uint64_t count_advance = 0;
  Nanos offset = 0;
  Nanos allowed_lateness = 0;
  EmitMode emit = EmitMode::Final;
  Nanos early_every = 0;
  OnOverflow on_overflow = OnOverflow::Error;
  uint64_t max_groups = 0;
  bool processing_time = false;
  bool has_event_time = false;
  bool flush_at_end = false;
  bool sketch = false;
  TimeOutFormat time_out = TimeOutFormat::Rfc3339;
  std::string late_path;
  std::vector<FieldPath> by;        // group key fields
  std::vector<FieldPath> fields;    // distinct fields the aggregates read
  std::vector<AggSpec> aggs;

  // A stable text of the options that shape the state (for checkpoints).
  std::string state_options() const;
};

// Throws UsageError naming the option and how to fix it. `time_field` is
// the common --time-field value.
WindowConfig resolve_window_config(const WindowArgs& args, const std::string& time_field);

// Parses --agg ("count,sum:amount,p99:latency_ms,n=distinct:user").
void parse_agg_list(std::string_view spec, WindowConfig& config);

// The nearest rank (1-based) of percentile pct_num/pct_scale among n values:
// the smallest k with k >= n * pct / 100 (at least 1).
uint64_t nearest_rank(uint64_t n, uint64_t pct_num, uint64_t pct_scale);

}  // namespace sp
