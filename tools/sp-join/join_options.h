// sp-join's own options, as parsed by CLI11 and then checked and resolved.
#pragma once
#include <string>
#include <vector>

#include "libcommon/cli.h"
#include "libcommon/json_record.h"
#include "libcommon/units.h"

namespace sp {

struct JoinArgs {
  std::string table;
  std::string table_format = "auto";
  std::vector<std::string> on;
  std::string how = "inner";
  bool fill_null = false;
  std::string fields;
  std::string prefix;
  std::string on_clash = "error";
  std::string table_dups = "error";
  bool reload = false;
  std::string right;
  std::string within;
  std::string between;
  std::string right_time_field;

  void add_to(CLI::App& app);
};

enum class How { Inner, Left, Anti, Right, Outer };
enum class OnClash { Error, KeepStream, KeepTable };
enum class TableDups { First, Last, All, Error };
enum class TableFormat { Ndjson, Csv, Tsv };

struct JoinConfig {
  std::string table;
  TableFormat table_format = TableFormat::Ndjson;
  std::vector<FieldPath> stream_keys;  // one per key pair, in --on order
  std::vector<FieldPath> table_keys;
  How how = How::Inner;
  bool fill_null = false;
  std::vector<std::string> fields;  // empty: every table field but the keys
  std::string prefix;
  OnClash on_clash = OnClash::Error;
  TableDups table_dups = TableDups::Error;
  bool reload = false;
  // Stream-stream interval join (--right): match when t_right - t_left is
  // in [low, high].
  std::string right;
  Nanos low = 0;
  Nanos high = 0;
  FieldPath left_time_field;
  FieldPath right_time_field;
  std::string time_format;
  Nanos max_delay = 0;
  uint64_t max_record_size = 64ull << 20;
  bool validate = false;  // --validate: --right lines checked whole too
  // A pipeline member (--checkpoint-dir) whose --right is a FIFO from
  // another member: the right stream carries barriers and watermarks.
  bool pipeline = false;
  // A pipeline member reading its input from another member: the input's
  // end marker ends the left stream for good (a first member's file may
  // still grow).
  bool left_from_member = false;
};

// Checks combinations and converts values; throws UsageError naming the
// option and the fix.
JoinConfig resolve_join_options(const JoinArgs& args, const CommonOptions& common);

// "a,b=c" -> stream paths {a,b}, table paths {a,c}. Throws UsageError.
void parse_on(const std::vector<std::string>& specs, std::vector<FieldPath>& stream_keys,
              std::vector<FieldPath>& table_keys);

}  // namespace sp
