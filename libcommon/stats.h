// Counters for --stats: one JSON object on stderr at exit. Counters keep the
// order in which they were first registered, so the output is deterministic.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

namespace sp {

class Stats {
 private:
  // Declared first: the reference members below point into it.
  std::deque<std::pair<std::string, uint64_t>> counters_;
  uint64_t& slot(std::string_view name);

 public:
  Stats();

  // A counter by name, created (at zero) on first use. The reference stays
  // valid for the life of the Stats: hot paths keep it and increment it.
  uint64_t& counter(std::string_view name);
  uint64_t get(std::string_view name) const;

  // The standard counters every tool reports.
  uint64_t& records_in;
  uint64_t& records_out;
  uint64_t& rejected;
  uint64_t& empty_lines;
  uint64_t& bytes_in;
  uint64_t& bytes_out;

  // {"records_in":…,…,"elapsed_s":…} with counters in registration order.
  std::string to_json(double elapsed_s) const;
  // The same without elapsed_s (for --status).
  std::string counters_json() const;
  // Restores counter values from an earlier to_json() (checkpoint resume).
  void merge_json(std::string_view json);
};

}  // namespace sp
