#include "libcommon/cli.h"

#include <iostream>

namespace sp {

namespace {

void add_input_options(CLI::App& app, CommonOptions& o) {
  app.add_option("-i,--input", o.input, "Read records from FILE ('-' = stdin; zstd detected)")
      ->type_name("FILE")->group("Input");
  app.add_flag("-f,--follow", o.follow,
               "Keep reading FILE as it grows, like tail -F (rotation and truncation handled)")
      ->group("Input");
  app.add_option("--max-record-size", o.max_record_size,
                 "Reject longer lines as bad records (default 64MiB)")
      ->type_name("SIZE")->group("Input");
  app.add_option("--dead-letter", o.dead_letter,
                 "Write rejected records to FILE as NDJSON with offset, line and reason")
      ->type_name("FILE")->group("Bad records");
  app.add_flag("--strict", o.strict, "Stop with status 1 at the first bad record")->group("Bad records");
  app.add_option("--max-errors", o.max_errors, "Stop with status 1 once more than N records were rejected")
      ->type_name("N")->check(CLI::NonNegativeNumber)->group("Bad records");
}

void add_output_options(CLI::App& app, CommonOptions& o) {
  app.add_option("-o,--output", o.output, "Write records to FILE instead of stdout")
      ->type_name("FILE")->group("Output");
  app.add_flag("--line-buffered", o.line_buffered, "Flush after every output record")->group("Output");
  app.add_flag("--stats", o.stats, "Print a JSON summary of counters on stderr at exit")->group("Output");
  app.add_flag("--progress", o.progress, "Show a live progress line on stderr (terminals only)")
      ->group("Output");
}

void add_event_time_options(CLI::App& app, CommonOptions& o) {
  app.add_option("--time-field", o.time_field, "Take event time from FIELD (a path such as ts or meta.time)")
      ->type_name("FIELD")->group("Event time");
  app.add_option("--time-format", o.time_format,
                 "auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or a strptime pattern (default auto)")
      ->type_name("FMT")->group("Event time");
  app.add_option("--max-delay", o.max_delay, "Watermark = largest event time seen minus DUR (default 0s)")
      ->type_name("DUR")->group("Event time");
  app.add_option("--idle-timeout", o.idle_timeout,
                 "When input is quiet for DUR, advance the watermark with the wall clock")
      ->type_name("DUR")->group("Event time");
}

void add_checkpoint_options(CLI::App& app, CommonOptions& o) {
  app.add_option("--checkpoint", o.checkpoint, "Save offset and state to FILE; resume from it when present")
      ->type_name("FILE")->group("Checkpoints");
  app.add_option("--checkpoint-every", o.checkpoint_every,
                 "Also checkpoint every N records or DUR (always at end of input and on SIGINT/SIGTERM)")
      ->type_name("N|DUR")->group("Checkpoints");
  app.add_option("--show-checkpoint", o.show_checkpoint,
                 "Print checkpoint FILE (or a --checkpoint-dir's commit) as JSON and exit")
      ->type_name("FILE")->group("Checkpoints");
  app.add_option("--checkpoint-dir", o.checkpoint_dir,
                 "Member of a checkpointed pipeline: snapshots per epoch in DIR, shared by all members")
      ->type_name("DIR")->group("Checkpoints");
  app.add_option("--name", o.name, "This member's name in --checkpoint-dir (default: the tool's name)")
      ->type_name("NAME")->group("Checkpoints");
  app.add_flag("--pipeline", o.pipeline,
               "Stdout feeds the next --checkpoint-dir member: pass barriers and watermarks on (not on the last)")
      ->group("Checkpoints");
}

}  // namespace

ToolCli::ToolCli(std::string tool, std::string summary, std::string examples, unsigned features)
    : tool_(std::move(tool)), features_(features), app_(std::move(summary), tool_) {
  app_.set_version_flag("-V,--version", tool_ + " (sp) " SP_VERSION);
  app_.footer(std::move(examples));
  app_.get_formatter()->column_width(34);
  if (features & kFeatureInput) add_input_options(app_, common_);
  add_output_options(app_, common_);
  if (features & kFeatureEventTime) add_event_time_options(app_, common_);
  if (features & kFeatureCheckpoint) add_checkpoint_options(app_, common_);
}

int ToolCli::parse(int argc, char** argv) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app_.exit(e);  // --help, --version
    report(tool_, e.what());
    std::cerr << "Run '" << tool_ << " --help' for usage.\n";
    return 2;
  }
  return -1;
}

void report(std::string_view tool, std::string_view message) {
  std::string line;
  line.reserve(tool.size() + message.size() + 3);
  line.append(tool).append(": ").append(message).push_back('\n');
  std::cerr << line << std::flush;
}

}  // namespace sp
