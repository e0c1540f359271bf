#include "tools/sp-window/window_options.h"

#include <charconv>

#include "libcommon/errors.h"
#include "libcommon/time_range.h"

namespace sp {

namespace {

struct FnName {
  std::string_view name;
  AggFn fn;
};
constexpr FnName kFunctions[] = {
    {"count", AggFn::Count}, {"sum", AggFn::Sum},       {"min", AggFn::Min},
    {"max", AggFn::Max},     {"avg", AggFn::Avg},       {"stddev", AggFn::Stddev},
    {"first", AggFn::First}, {"last", AggFn::Last},     {"distinct", AggFn::Distinct},
    {"approx_distinct", AggFn::ApproxDistinct},
};

[[noreturn]] void bad_agg(std::string_view item, std::string_view why) {
  throw UsageError("--agg: invalid item '" + std::string(item) + "': " + std::string(why) +
                   " (items are fn, fn:field or name=fn:field; functions: count, sum, min, max, avg, stddev, "
                   "first, last, distinct, approx_distinct, pNN such as p50, p99, p99.9)");
}

// "p99.9" -> 999 / 10. Returns false when `fn` is not a percentile.
bool parse_percentile(std::string_view fn, uint64_t& num, uint64_t& scale) {
  if (fn.size() < 2 || fn[0] != 'p') return false;
  std::string_view digits = fn.substr(1);
  num = 0;
  scale = 1;
  bool dot = false, any = false;
  for (char c : digits) {
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (num > 1'000'000'000'000ull) return false;
    num = num * 10 + static_cast<uint64_t>(c - '0');
    if (dot) scale *= 10;
    any = true;
  }
  return any && digits.back() != '.' && num <= 100 * scale;
}

int field_index(WindowConfig& config, std::string_view text) {
  FieldPath path = FieldPath::parse(text, "--agg");
  for (size_t i = 0; i < config.fields.size(); ++i) {
    if (config.fields[i].text() == path.text()) return static_cast<int>(i);
  }
  config.fields.push_back(std::move(path));
  return static_cast<int>(config.fields.size()) - 1;
}

Nanos positive_duration(const std::string& value, const char* option) {
  Nanos d = parse_time_span(value, option);
  if (d <= 0) throw UsageError(std::string(option) + " must be greater than 0 (got '" + value + "')");
  return d;
}

// Each record is added to every window that holds it: bound that work (and
// the state it creates) per record.
constexpr uint64_t kMaxWindowsPerRecord = 10000;

uint64_t positive_count(const std::string& value, const char* option) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n == 0) {
    throw UsageError(std::string(option) + " needs a whole number of records greater than 0 (got '" + value + "')");
  }
  return n;
}

}  // namespace

uint64_t nearest_rank(uint64_t n, uint64_t pct_num, uint64_t pct_scale) {
  unsigned __int128 denominator = static_cast<unsigned __int128>(100) * pct_scale;
  unsigned __int128 k = (static_cast<unsigned __int128>(n) * pct_num + denominator - 1) / denominator;
  if (k < 1) k = 1;
  if (k > n) k = n;
  return static_cast<uint64_t>(k);
}

void parse_agg_list(std::string_view spec, WindowConfig& config) {
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view item = spec.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) bad_agg(item, "empty item");

    AggSpec agg;
    std::string_view body = item;
    std::string name;
    if (size_t eq = item.find('='); eq != std::string_view::npos) {
      name = std::string(item.substr(0, eq));
      body = item.substr(eq + 1);
      if (name.empty()) bad_agg(item, "empty output name before '='");
    }
    std::string_view fn = body, field;
    if (size_t colon = body.find(':'); colon != std::string_view::npos) {
      fn = body.substr(0, colon);
      field = body.substr(colon + 1);
      if (field.empty()) bad_agg(item, "empty field after ':'");
    }
    bool known = false;
    for (const auto& f : kFunctions) {
      if (f.name == fn) {
        agg.fn = f.fn;
        known = true;
      }
    }
    if (!known) {
      if (!parse_percentile(fn, agg.pct_num, agg.pct_scale)) bad_agg(item, "unknown function '" + std::string(fn) + "'");
      agg.fn = AggFn::Percentile;
    }
    if (field.empty() && agg.fn != AggFn::Count) bad_agg(item, "'" + std::string(fn) + "' needs a field, as in " + std::string(fn) + ":amount");
    if (!field.empty()) agg.field = field_index(config, field);
    if (name.empty()) {
      name = std::string(fn);
      if (!field.empty()) name += "_" + config.fields[static_cast<size_t>(agg.field)].text();
    }
    for (const auto& other : config.aggs) {
      if (other.name == name) bad_agg(item, "output name '" + name + "' is used twice; rename one with name=fn:field");
    }
    agg.name = std::move(name);
    config.aggs.push_back(std::move(agg));
  }
}

WindowConfig resolve_window_config(const WindowArgs& a, const std::string& time_field) {
  WindowConfig c;
  int kinds = !a.tumbling.empty() + !a.hopping.empty() + !a.session.empty() + !a.count.empty();
  if (kinds != 1) {
    throw UsageError(kinds == 0 ? "choose a window: --tumbling DUR, --hopping DUR --advance DUR, --session GAP or --count N"
                                : "give only one of --tumbling, --hopping, --session and --count");
  }
  if (!a.tumbling.empty()) {
    c.kind = WindowKind::Tumbling;
    c.size = positive_duration(a.tumbling, "--tumbling");
  } else if (!a.hopping.empty()) {
    c.kind = WindowKind::Hopping;
    c.size = positive_duration(a.hopping, "--hopping");
    if (a.advance.empty()) throw UsageError("--hopping needs --advance DUR (how far each window starts after the previous one)");
    c.advance = positive_duration(a.advance, "--advance");
    if (c.advance > c.size) throw UsageError("--advance (" + a.advance + ") must not be longer than --hopping (" + a.hopping + ")");
    if (static_cast<uint64_t>(c.size / c.advance) > kMaxWindowsPerRecord) {  // both positive
      throw UsageError("--hopping " + a.hopping + " --advance " + a.advance + " puts each record in more than " +
                       std::to_string(kMaxWindowsPerRecord) + " windows; use a longer --advance");
    }
  } else if (!a.session.empty()) {
    c.kind = WindowKind::Session;
    c.size = positive_duration(a.session, "--session");
  } else {
    c.kind = WindowKind::Count;
    c.count = positive_count(a.count, "--count");
    c.count_advance = a.advance.empty() ? c.count : positive_count(a.advance, "--advance");
    if (c.count_advance > c.count) throw UsageError("--advance (" + a.advance + ") must not be larger than --count (" + a.count + ")");
    if (c.count / c.count_advance > kMaxWindowsPerRecord) {
      throw UsageError("--count " + a.count + " --advance " + a.advance + " puts each record in more than " +
                       std::to_string(kMaxWindowsPerRecord) + " windows; use a larger --advance");
    }
  }
  if (!a.advance.empty() && c.kind != WindowKind::Hopping && c.kind != WindowKind::Count) {
    throw UsageError("--advance goes with --hopping or --count");
  }
  if (!a.offset.empty()) {
    if (c.kind != WindowKind::Tumbling && c.kind != WindowKind::Hopping) throw UsageError("--offset goes with --tumbling or --hopping");
    c.offset = parse_time_span(a.offset, "--offset");
  }

  c.processing_time = a.processing_time;
  c.has_event_time = !time_field.empty();
  if (c.processing_time && c.has_event_time) throw UsageError("--processing-time and --time-field exclude each other; pick one (event time is reproducible)");
  if (!c.processing_time && !c.has_event_time && c.kind != WindowKind::Count) {
    throw UsageError("time windows need --time-field FIELD (event time), or --processing-time (arrival time, not reproducible)");
  }
  if (!a.allowed_lateness.empty()) {
    c.allowed_lateness = parse_time_span(a.allowed_lateness, "--allowed-lateness");
    if (!c.has_event_time || c.kind == WindowKind::Count) throw UsageError("--allowed-lateness needs event-time windows (--time-field with --tumbling, --hopping or --session)");
  }

  if (a.emit == "final") {
    c.emit = EmitMode::Final;
  } else if (a.emit == "update") {
    c.emit = EmitMode::Update;
  } else if (a.emit.rfind("early:", 0) == 0) {
    c.emit = EmitMode::Early;
    c.early_every = positive_duration(a.emit.substr(6), "--emit early:DUR");
  } else {
    throw UsageError("--emit must be final, update or early:DUR such as early:10s (got '" + a.emit + "')");
  }
  c.on_overflow = a.on_overflow == "emit-oldest" ? OnOverflow::EmitOldest : OnOverflow::Error;
  if (a.max_groups == 0) throw UsageError("--max-groups must be at least 1");
  c.max_groups = a.max_groups;
  c.flush_at_end = a.flush_at_end;
  c.sketch = a.sketch;
  c.time_out = parse_time_out(a.time_out);
  c.late_path = a.late;
  if (!a.by.empty()) c.by = parse_field_list(a.by, "--by");
  parse_agg_list(a.agg, c);
  return c;
}

std::string WindowConfig::state_options() const {
  std::string s = "v1 kind=" + std::to_string(static_cast<int>(kind)) + " size=" + std::to_string(size) +
                  " advance=" + std::to_string(advance) + " count=" + std::to_string(count) + "/" +
                  std::to_string(count_advance) + " offset=" + std::to_string(offset) +
                  " lateness=" + std::to_string(allowed_lateness) + " sketch=" + std::to_string(sketch) + " by=";
  for (const auto& f : by) s += f.text() + ",";
  s += " agg=";
  for (const auto& a : aggs) {
    s += a.name + "=" + std::to_string(static_cast<int>(a.fn)) + ":" +
         (a.field < 0 ? std::string() : fields[static_cast<size_t>(a.field)].text()) + ",";
  }
  return s;
}

}  // namespace sp
