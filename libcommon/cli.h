// Command-line handling shared by every tool: the common options (defined
// once here), the short --help (the essential options and examples, one
// screen) and the full --help-all, --version, and the mapping of parse
// failures to exit status 2 with a hint (the closest option for a typo).
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/diagnostics.h"

namespace sp {

// Which groups of common options a tool takes.
enum ToolFeatures : unsigned {
  kFeatureInput = 1u << 0,       // --input, --follow, --max-record-size, --dead-letter, --strict, --max-errors
  kFeatureEventTime = 1u << 1,   // --time-field, --time-format, --max-delay, --idle-timeout
  kFeatureCheckpoint = 1u << 2,  // --checkpoint, --checkpoint-every, --show-checkpoint, pipelines
  kFeatureAll = kFeatureInput | kFeatureEventTime | kFeatureCheckpoint,
  kFeatureValidate = 1u << 3,    // --validate (tools that read NDJSON records On-Demand)
};

struct CommonOptions {
  // input
  std::string input = "-";
  bool follow = false;
  std::string max_record_size = "64MiB";
  // output
  std::string output = "-";
  bool line_buffered = false;
  // accounting
  std::string dead_letter;
  bool strict = false;
  int64_t max_errors = -1;  // -1: no limit
  bool validate = false;    // check each record whole (LineCheck::JsonObject)
  bool stats = false;
  bool progress = false;
  std::string status;                 // --status FILE (status.h)
  std::string status_interval;        // default 5s
  // checkpoints
  std::string checkpoint;
  std::string checkpoint_every;
  std::string show_checkpoint;
  // checkpointed pipelines (control_line.h, pipeline_dir.h)
  std::string checkpoint_dir;
  std::string name;
  bool pipeline = false;
  // event time
  std::string time_field;
  std::string time_format = "auto";
  std::string max_delay = "0s";
  std::string idle_timeout;
};

// The tool's command line: common options plus the tool's own, which the
// tool adds to app() before calling parse().
class ToolCli {
 public:
  // `summary`: the first line of --help. `examples`: "EXAMPLES:" then 3 to 5
  // examples, each an indented description line ending in ':' and the
  // command under it, at most 80 columns; the end of --help and --help-all.
  ToolCli(std::string tool, std::string summary, std::string examples, unsigned features);

  CLI::App& app() { return app_; }
  CommonOptions& common() { return common_; }
  const std::string& tool() const { return tool_; }
  unsigned features() const { return features_; }

  // An option the short --help lists with a description: its long name
  // (e.g. "--tumbling") and optionally a shorter description than the one
  // --help-all shows (by default that one, cut or wrapped to fit).
  struct Essential {
    Essential(const char* name) : name(name) {}  // NOLINT: a bare name is the common case
    Essential(const char* name, const char* brief) : name(name), brief(brief) {}
    std::string name;
    std::string brief;
  };
  // The tool's most important options, in the order the short --help lists
  // them; a common option named here moves from the compact list of common
  // options up into them. Every other option is only in --help-all.
  void essential(std::initializer_list<Essential> options);
  // What follows "Usage: TOOL " in --help (default "[OPTIONS] < INPUT >
  // OUTPUT" for tools that read input, "[OPTIONS] > OUTPUT" otherwise).
  void usage(std::string text) { usage_ = std::move(text); }

  // Parses argv. Returns -1 when the tool should run; otherwise the exit
  // status to return right away (0 after --help/--help-all/--version, 2 on a
  // usage error, which has been reported on stderr with a hint).
  int parse(int argc, char** argv);

  // The short --help: summary, usage, the essential options, the most used
  // common options, the examples and where to find the rest.
  std::string short_help() const;
  // The names of every registered option ("--tumbling", "-o", ...).
  std::vector<std::string> option_names() const;

 private:
  std::string tool_;
  unsigned features_;
  std::string examples_;
  std::string usage_;
  std::vector<Essential> essential_;
  CommonOptions common_;
  CLI::App app_;
};

// The registered option name closest to `unknown` (an argument that is not
// an option, e.g. "--tumblng" or "--max-dealy=5s"), for "did you mean ...?":
// the long options that start with it when there are one to three ("--time"
// gives "--time-field, --time-format or --time-out"), or else the nearest
// long option by edit distance (Damerau, case-insensitive) when that is at
// most 1 + length/5 (at most 3). Empty when nothing is close, and for a
// one-letter option ("-x": every short option is one edit away).
std::string closest_option(std::string_view unknown, const std::vector<std::string>& names);
// Optimal-string-alignment distance: insertions, deletions, substitutions
// and transpositions of adjacent characters each cost 1.
size_t edit_distance(std::string_view a, std::string_view b);

// Digits only, for counts: CLI11 would otherwise wrap "-1" around into a
// huge unsigned value.
extern const CLI::Validator kWholeNumber;

// "sp-TOOL: message" on stderr; the one way tools report diagnostics. The
// last message of each severity is kept for --status (diagnostics.h).
void report(std::string_view tool, std::string_view message, Severity severity = Severity::Warning);

}  // namespace sp
