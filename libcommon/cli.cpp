#include "libcommon/cli.h"

#include <algorithm>
#include <cctype>
#include <iostream>


namespace sp {

const CLI::Validator kWholeNumber(
    [](std::string& text) -> std::string {
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return {};
      return "expected a whole number (0, 1, 2, ...), got '" + text + "'";
    },
    "", "whole number");

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
      ->type_name("N")->check(kWholeNumber)->group("Bad records");
}

void add_output_options(CLI::App& app, CommonOptions& o) {
  app.add_option("-o,--output", o.output, "Write records to FILE instead of stdout")
      ->type_name("FILE")->group("Output");
  app.add_flag("--line-buffered", o.line_buffered, "Flush after every output record")->group("Output");
  app.add_flag("--stats", o.stats, "Print a JSON summary of counters on stderr at exit")->group("Output");
  app.add_flag("--progress", o.progress,
               "Show records, bytes, rate and (file input) percent done and ETA on stderr (terminals only)")
      ->group("Output");
  app.add_option("--status", o.status,
                 "Rewrite FILE atomically every --status-interval with JSON counters, rates, lag and watermark")
      ->type_name("FILE")->group("Output");
  app.add_option("--status-interval", o.status_interval, "How often --status FILE is rewritten (default 5s)")
      ->type_name("DUR")->group("Output");
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

// The common options the short --help lists (when the tool has them), in
// this order; everything else is in --help-all.
constexpr std::string_view kCommonEssential[] = {
    "--input", "--follow", "--output", "--dead-letter", "--stats", "--progress", "--status",
    "--checkpoint", "--time-field", "--max-delay", "--idle-timeout",
};
constexpr size_t kHelpWidth = 80;

// "-i,--input FILE" as the help shows an option.
std::string option_label(const CLI::Option& opt) {
  std::string label = opt.get_name(false, true);
  if (opt.get_type_size() != 0 && !opt.get_type_name().empty()) {
    std::string type = opt.get_type_name();
    if (size_t colon = type.find(':'); colon != std::string::npos) type.resize(colon);  // TEXT:{a,b}
    label += " " + type;
  }
  return label;
}

// Appends `text` to `out` as lines of at most kHelpWidth columns, the first
// starting at column `first_col` (already written), continuation lines
// indented to `indent`.
void append_wrapped(std::string& out, std::string_view text, size_t first_col, size_t indent) {
  size_t col = first_col;
  bool line_start = true;
  while (!text.empty()) {
    size_t space = text.find(' ');
    std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (!line_start && col + 1 + word.size() > kHelpWidth) {
      out += '\n';
      out.append(indent, ' ');
      col = indent;
      line_start = true;
    }
    if (!line_start) {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
    line_start = false;
  }
  out += '\n';
}

// An option's description for the short help: the whole one when it fits on
// the line, else the part before its first parenthesis or semicolon when
// that fits and still says something, else the whole one (wrapped).
std::string_view brief(std::string_view description, size_t room) {
  if (description.size() <= room) return description;
  size_t cut = std::min(description.find(" ("), description.find("; "));
  if (cut != std::string_view::npos && cut <= room && cut >= 16) return description.substr(0, cut);
  return description;
}

}  // namespace

ToolCli::ToolCli(std::string tool, std::string summary, std::string examples, unsigned features)
    : tool_(std::move(tool)), features_(features), app_(std::move(summary), tool_) {
  examples_ = std::move(examples);
  usage_ = features & kFeatureInput ? "[OPTIONS] < INPUT > OUTPUT" : "[OPTIONS] > OUTPUT";
  while (!examples_.empty() && examples_.back() == '\n') examples_.pop_back();
  app_.set_version_flag("-V,--version", tool_ + " (sp) " SP_VERSION);
  app_.set_help_flag("-h,--help", "Print the essential options and examples, and exit");
  app_.set_help_all_flag("--help-all", "Print every option, and exit");
  app_.footer(examples_ + "\nSee " + tool_ + "(1) and sp(7).");
  app_.get_formatter()->column_width(34);
  if (features & kFeatureInput) add_input_options(app_, common_);
  if (features & kFeatureValidate) {
    app_.add_flag("--validate", common_.validate,
                  "Check each record whole as JSON; by default only the fields read are (see sp(7))")
        ->group("Bad records");
  }
  add_output_options(app_, common_);
  if (features & kFeatureEventTime) add_event_time_options(app_, common_);
  if (features & kFeatureCheckpoint) add_checkpoint_options(app_, common_);
}

void ToolCli::essential(std::initializer_list<Essential> options) {
  essential_.insert(essential_.end(), options.begin(), options.end());
}

std::vector<std::string> ToolCli::option_names() const {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app_.get_options()) {
    for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

std::string ToolCli::short_help() const {
  auto find = [&](std::string_view name) -> const CLI::Option* {
    for (const CLI::Option* opt : app_.get_options()) {
      if (!opt->get_lnames().empty() && "--" + opt->get_lnames().front() == name) return opt;
    }
    return nullptr;
  };
  std::string out = app_.get_description() + "\n\nUsage: " + tool_ + " " + usage_ + "\n";

  std::vector<std::pair<const CLI::Option*, const Essential*>> own;
  for (const Essential& e : essential_) {
    if (const CLI::Option* opt = find(e.name)) own.emplace_back(opt, &e);
  }
  if (!own.empty()) {
    size_t width = 0;
    for (const auto& [opt, e] : own) width = std::max(width, option_label(*opt).size());
    width = std::min<size_t>(width, 24);
    out += "\nOptions:\n";
    for (const auto& [opt, e] : own) {
      std::string label = "  " + option_label(*opt);
      out += label;
      size_t col = label.size();
      if (col > width + 2) {  // a long label: the description on its own line
        out += '\n';
        col = 0;
      }
      out.append(width + 4 - col, ' ');
      std::string_view text = e->brief.empty() ? brief(opt->get_description(), kHelpWidth - width - 4)
                                               : std::string_view(e->brief);
      append_wrapped(out, text, width + 4, width + 4);
    }
  }

  // The most used common options, names only: they are alike in every tool
  // and described in sp(7) and --help-all.
  std::vector<std::string> common;
  for (std::string_view name : kCommonEssential) {
    if (std::any_of(essential_.begin(), essential_.end(), [&](const Essential& e) { return e.name == name; })) continue;
    if (const CLI::Option* opt = find(name)) common.push_back(option_label(*opt));
  }
  if (!common.empty()) {
    out += "\nCommon options (see sp(7)):\n";
    // Two spaces before each option; lines break between options, never
    // inside one ("-i,--input FILE" stays whole).
    size_t col = 0;
    for (const std::string& item : common) {
      if (col > 0 && col + 2 + item.size() > kHelpWidth) {
        out += '\n';
        col = 0;
      }
      out += "  " + item;
      col += 2 + item.size();
    }
    out += '\n';
  }
  out += '\n' + examples_ + '\n';
  out += "\nEvery option: " + tool_ + " --help-all.  Manual: man " + tool_ + ", man sp.\n";
  return out;
}

namespace {

bool looks_like_option(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  // A negative number is a value, not an option.
  return !(std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.');
}

// "sp-window: --input needs a value (FILE)" instead of CLI11's wording, for
// the messages users meet most; the rest pass through unchanged.
std::string reword(const CLI::ParseError& e) {
  std::string m = e.what();
  // "--input: 1 required FILE missing"
  if (size_t colon = m.find(": 1 required "); colon != std::string::npos && m.ends_with(" missing")) {
    std::string name = m.substr(0, colon);
    std::string type = m.substr(colon + 13, m.size() - colon - 13 - 8);
    if (size_t c = type.find(':'); c != std::string::npos) type.resize(c);
    return name + " needs a value: " + name + " " + type;
  }
  // "Could not convert: --max-groups = abc"
  if (m.starts_with("Could not convert: ")) {
    std::string rest = m.substr(19);
    if (size_t eq = rest.find(" = "); eq != std::string::npos) {
      return rest.substr(0, eq) + ": '" + rest.substr(eq + 3) + "' is not a number";
    }
  }
  // "--tumbling: At Most 1 required but received 2"
  if (size_t at = m.find(": At Most 1 required"); at != std::string::npos) {
    return m.substr(0, at) + " was given more than once; give it once";
  }
  // "--time-out: x not in {rfc3339,epoch_ms,epoch_ns}"
  if (size_t in = m.find(" not in {"); in != std::string::npos && m.back() == '}') {
    size_t colon = m.find(": ");
    if (colon != std::string::npos && colon < in) {
      std::string values = m.substr(in + 9, m.size() - in - 10);
      std::replace(values.begin(), values.end(), ',', ' ');
      return m.substr(0, colon) + ": '" + m.substr(colon + 2, in - colon - 2) + "' is not one of: " + values;
    }
  }
  return m;
}

}  // namespace

int ToolCli::parse(int argc, char** argv) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << short_help() << std::flush;
    return 0;
  } catch (const CLI::ExtrasError& e) {
    // An unknown option (with its value) or a stray argument: name the
    // first, and the option it probably meant.
    std::vector<std::string> extras = app_.remaining();
    std::string message = e.what();
    auto option = std::find_if(extras.begin(), extras.end(), [](const std::string& a) { return looks_like_option(a); });
    if (option != extras.end()) {
      std::string arg = option->substr(0, option->find('='));
      message = "unknown option " + arg;
      std::string guess = closest_option(*option, option_names());
      if (!guess.empty()) message += "; did you mean " + guess + "?";
    } else if (!extras.empty()) {
      message = "unexpected argument '" + extras.front() + "'";
      if (features_ & kFeatureInput) message += "; to read a file, write --input FILE";
    }
    report(tool_, message);
    std::cerr << "Run '" << tool_ << " --help' for usage.\n";
    return 2;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app_.exit(e);  // --help-all, --version
    report(tool_, reword(e));
    std::cerr << "Run '" << tool_ << " --help' for usage.\n";
    return 2;
  }
  return -1;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table (transpositions look two back).
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_option(std::string_view unknown, const std::vector<std::string>& names) {
  unknown = unknown.substr(0, unknown.find('='));
  auto bare = [](std::string_view s) {
    size_t dashes = s.find_first_not_of('-');
    std::string out(dashes == std::string_view::npos ? std::string_view() : s.substr(dashes));
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string word = bare(unknown);
  if (word.empty()) return {};
  // Only long names are guessed for a word; "-x" gets no guess: every short
  // option is one letter away from it.
  if (word.size() == 1) return {};
  // Options that start with the word: one is the guess; a few are listed.
  std::vector<std::string> prefixed;
  for (const std::string& name : names) {
    if (name.starts_with("--") && bare(name).starts_with(word)) prefixed.push_back(name);
  }
  if (!prefixed.empty() && prefixed.size() <= 3) {
    std::string list = prefixed.front();
    for (size_t i = 1; i < prefixed.size(); ++i) list += (i + 1 == prefixed.size() ? " or " : ", ") + prefixed[i];
    return list;
  }
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const std::string& name : names) {
    if (!name.starts_with("--")) continue;
    size_t d = edit_distance(word, bare(name));
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  // Allowed distance: 1 for short words, growing by one every 5 characters, at most 3.
  size_t allowed = std::min<size_t>(3, 1 + word.size() / 5);
  return best_distance <= allowed ? best : std::string();
}

void report(std::string_view tool, std::string_view message, Severity severity) {
  note_diagnostic(severity, message);
  std::string line;
  line.reserve(tool.size() + message.size() + 3);
  line.append(tool).append(": ").append(message).push_back('\n');
  std::cerr << line << std::flush;
}

}  // namespace sp
