// Aggregate state for all (window, group) pairs of one operator: each state
// is a fixed-size row of 8-byte slots in one slab (no allocation per record
// once warm); functions that need more (exact percentiles, distinct sets,
// HyperLogLog, sketches, first/last values) keep it in side pools referenced
// from the row.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "libcommon/hash.h"
#include "libcommon/units.h"
#include "tools/sp-window/hyperloglog.h"
#include "tools/sp-window/log_sketch.h"
#include "tools/sp-window/record_values.h"
#include "tools/sp-window/window_options.h"

namespace sp {

class JsonWriter;
class StateWriter;
class StateReader;

using StateId = uint32_t;

class AggStore {
 public:
  AggStore(std::vector<AggSpec> specs, bool sketch);

  StateId create();
  void release(StateId id);
  // Adds one record. `order` orders first/last (event time; kNoTime: arrival).
  void add(StateId id, const RecordValues& values, Nanos order);
  // Adds the contents of `from` to `into` (session merging); `from` stays.
  void merge(StateId into, StateId from);
  // Appends the `,"name":value` members of one state.
  void write(StateId id, std::string& out) const;

  void snapshot_state(StateId id, StateWriter& out) const;
  StateId restore_state(StateReader& in);

  size_t live() const { return live_; }
  // Bytes of the fixed part of one state (slots + bookkeeping).
  size_t row_bytes() const { return stride_ * sizeof(Slot); }
  // Values that numeric aggregates skipped because they were not numbers.
  void count_non_numeric_in(uint64_t& counter) { non_numeric_ = &counter; }

 private:
  union Slot {
    uint64_t u;
    int64_t i;
    double d;
  };
  struct Layout {
    AggSpec spec;
    std::string prefix;   // ,"name":
    uint32_t offset = 0;  // first slot in the row
    uint32_t values = 0;  // for exact percentiles: shared per-field values slot
  };
  template <typename T>
  struct Pool {
    std::vector<T> items;
    std::vector<uint32_t> free;
    uint32_t acquire();  // returns id + 1 (0 means "none")
    void release(uint32_t ref);
    T& at(uint32_t ref) { return items[ref - 1]; }
    const T& at(uint32_t ref) const { return items[ref - 1]; }
  };
  struct Hash128Hasher {
    size_t operator()(const Hash128& h) const { return h.low; }
  };
  using DistinctSet = absl::flat_hash_set<Hash128, Hash128Hasher>;

  Slot* row(StateId id) { return &slab_[static_cast<size_t>(id) * stride_]; }
  const Slot* row(StateId id) const { return &slab_[static_cast<size_t>(id) * stride_]; }

  std::vector<Layout> layout_;
  uint32_t stride_ = 1;  // slot 0: number of records in the state
  bool sketch_ = false;
  std::vector<Slot> slab_;
  std::vector<StateId> free_rows_;
  size_t live_ = 0;
  uint64_t own_non_numeric_ = 0;
  uint64_t* non_numeric_ = &own_non_numeric_;

  Pool<std::string> strings_;
  Pool<std::vector<double>> values_;
  Pool<DistinctSet> sets_;
  Pool<HyperLogLog> hlls_;
  Pool<LogSketch> sketches_;
  mutable std::vector<double> scratch_;
};

}  // namespace sp
