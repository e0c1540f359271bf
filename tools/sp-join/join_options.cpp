#include "tools/sp-join/join_options.h"

#include <sys/stat.h>

#include "libcommon/errors.h"
#include "libcommon/time_range.h"

namespace sp {

void JoinArgs::add_to(CLI::App& app) {
  const auto g = "Join";
  app.add_option("--table", table, "Reference table to enrich the stream from (NDJSON, CSV or TSV; zstd ok)")
      ->type_name("FILE")->group(g);
  app.add_option("--table-format", table_format, "auto (by extension .csv/.tsv, else NDJSON), ndjson, csv or tsv (default auto)")
      ->type_name("FMT")->check(CLI::IsMember({"auto", "ndjson", "csv", "tsv"}))->group(g);
  app.add_option("--on", on, "Key: FIELD, or STREAM_FIELD=TABLE_FIELD; repeat or comma-separate for composite keys")
      ->type_name("KEY")->group(g);
  app.add_option("--how", how, "inner, left (all input records) or anti (no match); with --right also right and outer (default inner)")
      ->type_name("HOW")->check(CLI::IsMember({"inner", "left", "anti", "right", "outer"}))->group(g);
  app.add_flag("--fill-null", fill_null, "With --how left: add the table fields as null to unmatched records")->group(g);
  app.add_option("--fields", fields, "Table fields to add, in this order (default: all but the key fields)")
      ->type_name("F1,F2")->group(g);
  app.add_option("--prefix", prefix, "Prefix for the names of the added fields, e.g. 'user_'")->type_name("P")->group(g);
  app.add_option("--on-clash", on_clash, "An added field already in the record: error, keep-stream or keep-table (default error)")
      ->type_name("WHICH")->check(CLI::IsMember({"error", "keep-stream", "keep-table"}))->group(g);
  app.add_option("--table-dups", table_dups, "Table rows sharing a key: first, last, all (one output each) or error (default error)")
      ->type_name("WHICH")->check(CLI::IsMember({"first", "last", "all", "error"}))->group(g);
  const auto s = "Stream-stream interval join";
  app.add_option("--right", right, "Join the input (left) with this second stream (file or FIFO) on event time")
      ->type_name("FILE")->group(s);
  app.add_option("--within", within, "With --right: match when |t_left - t_right| <= DUR")->type_name("DUR")->group(s);
  app.add_option("--between", between, "With --right: match when t_right - t_left is in [LOW,HIGH], e.g. 0s,10m")
      ->type_name("LOW,HIGH")->group(s);
  app.add_option("--right-time-field", right_time_field, "Time field of the --right records (default: --time-field)")
      ->type_name("FIELD")->group(s);
  app.add_flag("--reload", reload, "Reload the table when its file is replaced or modified (checked at most once a second)")
      ->group(g);
}

void parse_on(const std::vector<std::string>& specs, std::vector<FieldPath>& stream_keys,
              std::vector<FieldPath>& table_keys) {
  for (const std::string& spec : specs) {
    size_t start = 0;
    while (start <= spec.size()) {
      size_t comma = spec.find(',', start);
      if (comma == std::string::npos) comma = spec.size();
      std::string_view pair(spec.data() + start, comma - start);
      if (pair.empty()) throw UsageError("--on '" + spec + "': empty key; write FIELD or STREAM_FIELD=TABLE_FIELD");
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        stream_keys.push_back(FieldPath::parse(pair, "--on"));
        table_keys.push_back(FieldPath::parse(pair, "--on"));
      } else {
        if (eq == 0 || eq + 1 == pair.size()) {
          throw UsageError("--on '" + std::string(pair) + "': write STREAM_FIELD=TABLE_FIELD with both names");
        }
        stream_keys.push_back(FieldPath::parse(pair.substr(0, eq), "--on"));
        table_keys.push_back(FieldPath::parse(pair.substr(eq + 1), "--on"));
      }
      start = comma + 1;
    }
  }
}

static bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

static bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

static JoinConfig resolve_interval(const JoinArgs& a, const CommonOptions& common) {
  JoinConfig c;
  c.right = a.right;
  if (!a.table.empty()) throw UsageError("--table and --right exclude each other: join with a table or with a stream");
  if (a.reload || a.fill_null || !a.fields.empty() || !a.prefix.empty() || a.table_dups != "error" ||
      a.on_clash != "error" || a.table_format != "auto") {
    throw UsageError("--reload, --fill-null, --fields, --prefix, --table-dups, --on-clash and --table-format are for "
                     "--table joins; --right output nests the right record under \"right\"");
  }
  if (a.on.empty()) throw UsageError("--on KEY is required, e.g. --on order_id");
  parse_on(a.on, c.stream_keys, c.table_keys);
  if (common.time_field.empty()) throw UsageError("--right needs event time: add --time-field FIELD");
  bool right_is_file = is_regular_file(a.right);
  if (!common.checkpoint.empty() && !right_is_file)
    throw UsageError("--checkpoint with --right needs --right to be a regular file (a FIFO cannot be read again "
                     "from a checkpoint's offset); in a pipeline, feed the FIFO from a member and use "
                     "--checkpoint-dir");
  bool left_is_file = !common.input.empty() && common.input != "-";
  if (!common.checkpoint_dir.empty() && left_is_file && !right_is_file)
    throw UsageError("--checkpoint-dir with --input FILE makes sp-join the pipeline's first member, so --right "
                     "must be a regular file too: feed both sides from members (stdin and a FIFO), or both "
                     "from files");
  c.pipeline = !common.checkpoint_dir.empty() && !right_is_file;
  c.left_from_member = !common.checkpoint_dir.empty() && !left_is_file;
  c.max_record_size = parse_size(common.max_record_size);
  c.validate = common.validate;
  c.left_time_field = FieldPath::parse(common.time_field, "--time-field");
  c.right_time_field = a.right_time_field.empty() ? c.left_time_field
                                                  : FieldPath::parse(a.right_time_field, "--right-time-field");
  c.time_format = common.time_format;
  c.max_delay = parse_time_span(common.max_delay, "--max-delay");
  if (a.within.empty() == a.between.empty()) throw UsageError("--right needs one of --within DUR or --between LOW,HIGH");
  if (!a.within.empty()) {
    c.high = parse_time_span(a.within, "--within");
    c.low = -c.high;
    if (c.high < 0) throw UsageError("--within must not be negative, e.g. --within 5m (or --between LOW,HIGH)");
  } else {
    size_t comma = a.between.find(',');
    if (comma == std::string::npos) throw UsageError("--between '" + a.between + "': write LOW,HIGH, e.g. 0s,10m or -5s,5s");
    auto dur = [](std::string_view t) {
      bool neg = !t.empty() && t[0] == '-';
      Nanos d = parse_time_span(neg ? t.substr(1) : t, "--between");
      return neg ? -d : d;
    };
    c.low = dur(std::string_view(a.between).substr(0, comma));
    c.high = dur(std::string_view(a.between).substr(comma + 1));
    if (c.low > c.high) throw UsageError("--between LOW,HIGH: LOW must not be above HIGH");
  }
  c.how = a.how == "left" ? How::Left : a.how == "right" ? How::Right : a.how == "outer" ? How::Outer : How::Inner;
  if (a.how == "anti") throw UsageError("--how anti is for --table joins; with --right use inner, left, right or outer");
  return c;
}

JoinConfig resolve_join_options(const JoinArgs& a, const CommonOptions& common) {
  JoinConfig c;
  if (!a.right.empty()) return resolve_interval(a, common);
  if (!a.within.empty() || !a.between.empty() || !a.right_time_field.empty()) {
    throw UsageError("--within, --between and --right-time-field need --right FILE (a stream-stream join)");
  }
  if (a.how == "right" || a.how == "outer") throw UsageError("--how " + a.how + " needs --right FILE; with --table use inner, left or anti");
  if (a.table.empty()) throw UsageError("--table FILE is required (the reference table to join the stream with)");
  c.table = a.table;
  if (a.on.empty()) throw UsageError("--on KEY is required, e.g. --on user or --on user_id=id");
  parse_on(a.on, c.stream_keys, c.table_keys);
  if (a.table_format == "ndjson") {
    c.table_format = TableFormat::Ndjson;
  } else if (a.table_format == "csv") {
    c.table_format = TableFormat::Csv;
  } else if (a.table_format == "tsv") {
    c.table_format = TableFormat::Tsv;
  } else {
    std::string_view name = a.table;
    if (ends_with(name, ".zst")) name.remove_suffix(4);
    if (ends_with(name, ".csv")) c.table_format = TableFormat::Csv;
    else if (ends_with(name, ".tsv")) c.table_format = TableFormat::Tsv;
  }
  if (c.table_format != TableFormat::Ndjson) {
    for (const FieldPath& k : c.table_keys) {
      if (k.segments().size() != 1) {
        throw UsageError("--on: table field '" + k.text() + "' is a nested path, but CSV/TSV columns are flat; "
                         "name a column of the table");
      }
    }
  }
  c.how = a.how == "left" ? How::Left : a.how == "anti" ? How::Anti : How::Inner;
  c.fill_null = a.fill_null;
  if (c.fill_null && c.how != How::Left) throw UsageError("--fill-null needs --how left");
  if (!a.fields.empty()) {
    size_t start = 0;
    while (start <= a.fields.size()) {
      size_t comma = a.fields.find(',', start);
      if (comma == std::string::npos) comma = a.fields.size();
      std::string name = a.fields.substr(start, comma - start);
      if (name.empty()) throw UsageError("--fields '" + a.fields + "': empty field name");
      for (const std::string& f : c.fields) {
        if (f == name) throw UsageError("--fields: '" + name + "' is listed twice");
      }
      c.fields.push_back(std::move(name));
      start = comma + 1;
    }
  }
  if (c.how == How::Anti && (!c.fields.empty() || !a.prefix.empty())) {
    throw UsageError("--how anti adds no fields: drop --fields and --prefix");
  }
  c.prefix = a.prefix;
  c.on_clash = a.on_clash == "keep-stream" ? OnClash::KeepStream
               : a.on_clash == "keep-table" ? OnClash::KeepTable : OnClash::Error;
  c.table_dups = a.table_dups == "first" ? TableDups::First
                 : a.table_dups == "last" ? TableDups::Last
                 : a.table_dups == "all" ? TableDups::All : TableDups::Error;
  c.reload = a.reload;
  if (c.reload && (c.table == "-" || c.table.rfind("/dev/", 0) == 0)) {
    throw UsageError("--reload needs --table to name a regular file");
  }
  c.max_record_size = parse_size(common.max_record_size);
  c.validate = common.validate;
  return c;
}

}  // namespace sp
