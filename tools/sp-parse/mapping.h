// sp-parse's schema mapping: the options that reshape a record's fields
// (aliases, renames, defaults, types, event time, redaction, ...) and the
// FieldMapper that applies them, in place, to one ParsedRecord at a time.
//
// Order of the steps (sp-parse(1) documents it):
//   alias, rename, default, require, type, time field, redact,
//   pseudonymize, keep, drop.
// A step that cannot be done rejects the record with a reason and a
// category (for the rejected_* counters of --stats); nothing becomes a
// silent null.
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libcommon/timestamp.h"
#include "tools/sp-parse/pseudonymize.h"
#include "tools/sp-parse/record_model.h"

namespace sp {

enum class FieldType { Int, Float, Bool, String, Time };

// The options as given (command line, then --schema FILE merged in).
struct MappingOptions {
  std::string wrap;
  std::vector<std::string> alias;    // canonical=alt1,alt2 (one per --alias)
  std::vector<std::string> rename;   // old=new
  std::vector<std::string> keep, drop, require, redact, pseudonymize;
  std::vector<std::string> defaults; // f=value (value: JSON literal, else a string)
  std::vector<std::string> types;    // f:int|float|bool|string|time
  bool flatten = false;
  std::string schema;                // --schema FILE
  std::string time_field;            // from the common --time-field
  std::string time_format = "auto";
  bool time_rewrite = false;         // --time-format or --time-out given
  std::string time_out = "rfc3339";
  std::string key_file;
};

// Adds the mapping options (group "Schema mapping") to the command line.
void add_mapping_options(CLI::App& app, MappingOptions& options);

// Categories of rejection, each with its --stats counter.
enum class RejectKind { NotObject, InvalidJson, MissingRequired, BadType, BadTime };
const char* reject_counter_name(RejectKind kind);

class FieldMapper {
 public:
  // Throws UsageError for a malformed option (naming it).
  explicit FieldMapper(const MappingOptions& options);

  // True when no option asks for any change (JSON can be passed through).
  bool identity() const { return identity_; }
  // True when --wrap is the only option: objects can pass through.
  bool only_wrap() const { return only_wrap_; }
  bool flatten() const { return flatten_; }
  const std::string& wrap() const { return wrap_; }

  // Transforms the fields in place; new bytes go to `arena`. Returns false
  // with `reason` and `kind` set when the record must be rejected.
  bool apply(ParsedRecord& record, Arena& arena, std::string& reason, RejectKind& kind);

 private:
  struct Alias {
    std::string canonical;
    std::vector<std::string> names;  // canonical first, then the alternatives
  };
  struct Typed {
    std::string field;
    FieldType type;
  };
  struct Default {
    std::string field;
    std::string value;
    ValueKind kind;
  };

  bool convert(Field& f, FieldType type, Arena& arena, std::string& reason, RejectKind& kind);
  bool to_time(Field& f, Arena& arena, std::string& reason, RejectKind& kind, bool time_field);

  bool identity_ = true;
  bool only_wrap_ = false;
  bool flatten_ = false;
  std::string wrap_;
  std::vector<Alias> aliases_;
  std::vector<std::pair<std::string, std::string>> renames_;
  std::vector<Default> defaults_;
  std::vector<std::string> require_;
  std::vector<Typed> types_;
  std::string time_field_;
  bool time_rewrite_ = false;
  TimeFormat time_format_;
  TimeOutFormat time_out_ = TimeOutFormat::Rfc3339;
  std::vector<std::string> redact_;
  std::vector<std::string> pseudonymize_;
  std::optional<Pseudonymizer> pseudonymizer_;
  std::vector<std::string> keep_, drop_;
};

}  // namespace sp
