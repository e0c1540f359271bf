// sp-join's own options, as parsed by CLI11 and then checked and resolved.
#pragma once
#include <string>
#include <vector>

#include "libcommon/cli.h"
#include "libcommon/json_record.h"

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

  void add_to(CLI::App& app);
};

enum class How { Inner, Left, Anti };
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
};

// Checks combinations and converts values; throws UsageError naming the
// option and the fix.
JoinConfig resolve_join_options(const JoinArgs& args, const CommonOptions& common);

// "a,b=c" -> stream paths {a,b}, table paths {a,c}. Throws UsageError.
void parse_on(const std::vector<std::string>& specs, std::vector<FieldPath>& stream_keys,
              std::vector<FieldPath>& table_keys);

}  // namespace sp
