// sp-partition's own options: how records are assigned to partitions and
// where each partition goes.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "libcommon/cli.h"
#include "libcommon/json_record.h"

namespace sp {

// The options as parsed by CLI11, before validation.
struct PartitionArgs {
  std::string key;
  int64_t partitions = 0;
  std::string hash = "murmur2";
  bool round_robin = false;
  std::string by_value;
  std::string output_template;
  int64_t max_open_files = 128;
  int64_t max_values = 1'000'000;
  std::string annotate;
  bool exec = false;
  std::vector<std::string> command;

  void add_to(CLI::App& app);
};

enum class Assign { Key, RoundRobin, Value };
enum class Sink { Files, Annotate, Exec };
enum class HashKind { Murmur2, Xxh3 };

struct PartitionConfig {
  Assign assign = Assign::Key;
  Sink sink = Sink::Files;
  HashKind hash = HashKind::Murmur2;
  std::vector<FieldPath> key_fields;  // --key, or the one --by-value field
  uint32_t partitions = 0;            // 0 with --by-value
  std::string output_template;
  size_t max_open_files = 128;
  size_t max_values = 0;               // --by-value: distinct values allowed
  std::string annotate_field;
  std::vector<std::string> command;
};

// Checks the combination of options; throws UsageError naming the option
// and the fix.
PartitionConfig resolve_partition_options(const PartitionArgs& args, const CommonOptions& common);

}  // namespace sp
