// Command-line handling shared by every tool: the common options (defined
// once here), --help layout, --version, and the mapping of parse failures to
// exit status 2.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace sp {

// Which groups of common options a tool takes.
enum ToolFeatures : unsigned {
  kFeatureInput = 1u << 0,       // --input, --follow, --max-record-size, --dead-letter, --strict, --max-errors
  kFeatureEventTime = 1u << 1,   // --time-field, --time-format, --max-delay, --idle-timeout
  kFeatureCheckpoint = 1u << 2,  // --checkpoint, --checkpoint-every, --show-checkpoint, pipelines
  kFeatureAll = kFeatureInput | kFeatureEventTime | kFeatureCheckpoint,
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
  bool stats = false;
  bool progress = false;
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
  // `summary`: one line for --help; `examples`: shown at the end of --help.
  ToolCli(std::string tool, std::string summary, std::string examples, unsigned features);

  CLI::App& app() { return app_; }
  CommonOptions& common() { return common_; }
  const std::string& tool() const { return tool_; }
  unsigned features() const { return features_; }

  // Parses argv. Returns -1 when the tool should run; otherwise the exit
  // status to return right away (0 after --help/--version, 2 on a usage
  // error, which has been reported on stderr with a hint).
  int parse(int argc, char** argv);

 private:
  std::string tool_;
  unsigned features_;
  CommonOptions common_;
  CLI::App app_;
};

// "sp-TOOL: message" on stderr; the one way tools report diagnostics.
void report(std::string_view tool, std::string_view message);

}  // namespace sp
