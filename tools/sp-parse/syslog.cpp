#include "tools/sp-parse/syslog.h"

#include <cstring>

#include "libcommon/json_writer.h"

namespace sp {

namespace {

// Facility and severity values as text (views: no strlen per record).
constexpr std::string_view kSmallNumbers[] = {"0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11",
                                              "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"};
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string col(size_t i) { return std::to_string(i + 1); }

// "<PRI>" at p[i]: 1-3 digits, at most 191. Adds priority/facility/severity.
bool parse_pri(std::string_view t, size_t& i, ParsedRecord& r, std::string& error) {
  size_t b = i + 1, e = b;
  while (e < t.size() && e - b < 4 && is_digit(t[e])) ++e;
  if (e == b || e - b > 3 || e >= t.size() || t[e] != '>') {
    error = "expected <PRI> (1-3 digits) at column " + col(i);
    return false;
  }
  unsigned pri = 0;
  for (size_t k = b; k < e; ++k) pri = pri * 10 + static_cast<unsigned>(t[k] - '0');
  if (pri > 191) {
    error = "PRI " + std::to_string(pri) + " is above 191";
    return false;
  }
  std::string_view digits = t.substr(b, e - b);
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  r.fields.push_back(Field{"priority", digits, ValueKind::Number});
  r.fields.push_back(Field{"facility", kSmallNumbers[pri >> 3], ValueKind::Number});
  r.fields.push_back(Field{"severity", kSmallNumbers[pri & 7], ValueKind::Number});
  i = e + 1;
  return true;
}

void add_null(ParsedRecord& r, std::string_view name) { r.fields.push_back(Field{name, "null", ValueKind::Null}); }

void add_nil(ParsedRecord& r, std::string_view name, std::string_view v) {
  if (v == "-")
    add_null(r, name);
  else
    r.fields.push_back(Field{name, v, ValueKind::String});
}

// A header token of RFC 5424 followed by one space.
bool header_token(std::string_view t, size_t& i, std::string_view& out, const char* what, std::string& error) {
  size_t b = i;
  while (i < t.size() && t[i] != ' ') ++i;
  if (i == b || i >= t.size()) {
    error = std::string("expected ") + what + " at column " + col(b);
    return false;
  }
  out = t.substr(b, i - b);
  ++i;
  return true;
}

bool month_name(std::string_view t, size_t i) {
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (i + 3 > t.size()) return false;
  for (const char* m : months)
    if (std::memcmp(t.data() + i, m, 3) == 0) return true;
  return false;
}

bool digits_at(std::string_view t, size_t i, size_t n) {
  if (i + n > t.size()) return false;
  for (size_t k = 0; k < n; ++k)
    if (!is_digit(t[i + k])) return false;
  return true;
}

// hh:mm:ss with an optional fraction; advances i.
bool clock_time(std::string_view t, size_t& i) {
  if (i + 8 > t.size()) return false;
  if (!(digits_at(t, i, 2) && t[i + 2] == ':' && digits_at(t, i + 3, 2) && t[i + 5] == ':' && digits_at(t, i + 6, 2)))
    return false;
  i += 8;
  if (i + 1 < t.size() && t[i] == '.' && is_digit(t[i + 1])) {
    ++i;
    while (i < t.size() && is_digit(t[i])) ++i;
  }
  return true;
}

}  // namespace

// ---- RFC 5424 ----

bool Syslog5424Reader::parse(std::string_view t, ParsedRecord& r, std::string& error) {
  r.fields.clear();
  size_t i = 0;
  if (t.empty() || t[0] != '<') {
    error = "expected <PRI> at column 1";
    return false;
  }
  if (!parse_pri(t, i, r, error)) return false;
  size_t vb = i;
  while (i < t.size() && is_digit(t[i])) ++i;
  if (i == vb || i - vb > 2 || t[vb] == '0' || i >= t.size() || t[i] != ' ') {
    error = "expected VERSION (e.g. 1) and a space at column " + col(vb) + " (an RFC 3164 line? try --from syslog-rfc3164)";
    return false;
  }
  ++i;
  std::string_view ts, host, app, procid, msgid;
  if (!header_token(t, i, ts, "TIMESTAMP", error) || !header_token(t, i, host, "HOSTNAME", error) ||
      !header_token(t, i, app, "APP-NAME", error) || !header_token(t, i, procid, "PROCID", error) ||
      !header_token(t, i, msgid, "MSGID", error))
    return false;
  add_nil(r, "timestamp", ts);
  add_nil(r, "hostname", host);
  add_nil(r, "app_name", app);
  add_nil(r, "procid", procid);
  add_nil(r, "msgid", msgid);
  // STRUCTURED-DATA: "-" or [ID param="value" ...]...
  if (i < t.size() && t[i] == '-') {
    ++i;
    add_null(r, "structured_data");
  } else if (i < t.size() && t[i] == '[') {
    sd_json_.clear();
    sd_json_.push_back('{');
    struct Param {
      std::string_view name;
      std::string_view value;
    };
    thread_local std::vector<Param> params;
    thread_local std::vector<std::string_view> ids;
    ids.clear();
    while (i < t.size() && t[i] == '[') {
      size_t b = ++i;
      while (i < t.size() && t[i] != ' ' && t[i] != ']' && t[i] != '=' && t[i] != '"') ++i;
      std::string_view id = t.substr(b, i - b);
      if (id.empty()) {
        error = "expected an SD-ID at column " + col(b);
        return false;
      }
      for (auto seen : ids)
        if (seen == id) {
          error = "SD-ID " + std::string(id) + " appears twice";
          return false;
        }
      ids.push_back(id);
      params.clear();
      while (i < t.size() && t[i] == ' ') {
        size_t nb = ++i;
        while (i < t.size() && t[i] != '=' && t[i] != ' ' && t[i] != ']' && t[i] != '"') ++i;
        if (i == nb || i + 1 >= t.size() || t[i] != '=' || t[i + 1] != '"') {
          error = "expected PARAM-NAME=\"value\" at column " + col(nb);
          return false;
        }
        Param p{t.substr(nb, i - nb), {}};
        i += 2;
        size_t vb = i;
        bool escaped = false;
        while (i < t.size() && t[i] != '"') {
          if (t[i] == '\\' && i + 1 < t.size()) {
            escaped = true;
            ++i;
          }
          ++i;
        }
        if (i >= t.size()) {
          error = "unterminated value of SD-PARAM " + std::string(p.name);
          return false;
        }
        p.value = t.substr(vb, i - vb);
        ++i;
        if (escaped) {
          // RFC 5424 escapes only \" \\ \]; other backslashes are data.
          for (size_t k = 0; k < p.value.size(); ++k) {
            char ch = p.value[k];
            if (ch == '\\' && k + 1 < p.value.size()) {
              char next = p.value[k + 1];
              if (next == '"' || next == '\\' || next == ']') ch = p.value[++k];
            }
            arena_.append(std::string_view(&ch, 1));
          }
          p.value = arena_.take_building();
        }
        params.push_back(p);
      }
      if (i >= t.size() || t[i] != ']') {
        error = "expected ']' closing SD-ELEMENT " + std::string(id) + " at column " + col(i);
        return false;
      }
      ++i;
      if (ids.size() > 1) sd_json_.push_back(',');
      append_json_string(sd_json_, id);
      sd_json_.append(":{");
      bool first = true;
      for (size_t a = 0; a < params.size(); ++a) {
        bool earlier = false;
        for (size_t b2 = 0; b2 < a; ++b2) earlier = earlier || params[b2].name == params[a].name;
        if (earlier) continue;
        if (!first) sd_json_.push_back(',');
        first = false;
        append_json_string(sd_json_, params[a].name);
        sd_json_.push_back(':');
        size_t count = 0;
        for (size_t b2 = a; b2 < params.size(); ++b2) count += params[b2].name == params[a].name;
        if (count == 1) {
          append_json_string(sd_json_, params[a].value);
          continue;
        }
        sd_json_.push_back('[');
        for (size_t b2 = a, k = 0; b2 < params.size(); ++b2) {
          if (params[b2].name != params[a].name) continue;
          if (k++) sd_json_.push_back(',');
          append_json_string(sd_json_, params[b2].value);
        }
        sd_json_.push_back(']');
      }
      sd_json_.push_back('}');
    }
    sd_json_.push_back('}');
    r.fields.push_back(Field{"structured_data", arena_.copy(sd_json_), ValueKind::Json});
  } else {
    error = "expected STRUCTURED-DATA ('-' or '[') at column " + col(i);
    return false;
  }
  if (i == t.size()) {
    add_null(r, "message");
    return true;
  }
  if (t[i] != ' ') {
    error = "expected a space before MSG at column " + col(i);
    return false;
  }
  std::string_view msg = t.substr(i + 1);
  if (msg.substr(0, kBom.size()) == kBom) msg.remove_prefix(kBom.size());
  r.fields.push_back(Field{"message", msg, ValueKind::String});
  return true;
}

void Syslog5424Reader::feed(const Record& line, RecordSink& sink) {
  arena_.clear();
  if (!parse(line.text, record_, error_)) {
    sink.on_bad(line, error_);
    return;
  }
  emit_line_record(line, record_, sink);
}

// ---- RFC 3164 and variants ----

bool Syslog3164Reader::parse(std::string_view t, ParsedRecord& r, std::string& error) {
  r.fields.clear();
  size_t i = 0;
  if (!t.empty() && t[0] == '<') {
    if (!parse_pri(t, i, r, error)) return false;
  } else {
    add_null(r, "priority");
    add_null(r, "facility");
    add_null(r, "severity");
  }
  size_t ts_begin = i;
  if (digits_at(t, i, 4) && i + 5 < t.size() && t[i + 4] == ' ' && month_name(t, i + 5)) i += 5;  // "1990 Oct 22"
  if (month_name(t, i) && i + 3 < t.size() && t[i + 3] == ' ') {
    i += 4;
    if (i < t.size() && t[i] == ' ') ++i;  // "Oct  1": day padded with a space
    size_t db = i;
    while (i < t.size() && is_digit(t[i]) && i - db < 2) ++i;
    if (i == db || i >= t.size() || t[i] != ' ') {
      error = "expected the day of month at column " + col(db);
      return false;
    }
    ++i;
    if (digits_at(t, i, 4) && i + 4 < t.size() && t[i + 4] == ' ') i += 5;  // "Oct 11 2003 22:14:15"
    if (!clock_time(t, i)) {
      error = "expected hh:mm:ss at column " + col(i);
      return false;
    }
    if (i + 5 <= t.size() && t[i] == ' ' && digits_at(t, i + 1, 4) && (i + 5 == t.size() || t[i + 5] == ' '))
      i += 5;  // "Oct 11 22:14:15 2003"
  } else if (digits_at(t, i, 4) && i + 4 < t.size() && t[i + 4] == '-') {
    while (i < t.size() && t[i] != ' ') ++i;  // RFC 3339 (rsyslog's high-precision format)
  } else {
    error = "expected a timestamp ('Mmm dd hh:mm:ss' or RFC 3339) at column " + col(i);
    return false;
  }
  r.fields.push_back(Field{"timestamp", t.substr(ts_begin, i - ts_begin), ValueKind::String});
  while (i < t.size() && t[i] == ' ') ++i;

  // HOSTNAME, unless the first word is already the tag ("su:" or "cron[12]:").
  size_t wb = i;
  while (i < t.size() && t[i] != ' ') ++i;
  std::string_view word = t.substr(wb, i - wb);
  bool is_tag = !word.empty() && (word.back() == ':' || word.find('[') != std::string_view::npos);
  if (word.empty() || is_tag) {
    add_null(r, "hostname");
    i = wb;
  } else {
    r.fields.push_back(Field{"hostname", word, ValueKind::String});
    while (i < t.size() && t[i] == ' ') ++i;
  }
  // TAG[PID]: or TAG:
  size_t tb = i;
  while (i < t.size() && t[i] != ' ' && t[i] != '[' && t[i] != ':') ++i;
  std::string_view tag = t.substr(tb, i - tb), pid;
  bool tagged = false;
  if (!tag.empty() && i < t.size() && t[i] == '[') {
    size_t close = t.find(']', i);
    if (close != std::string_view::npos && close + 1 < t.size() + 1) {
      pid = t.substr(i + 1, close - i - 1);
      size_t after = close + 1;
      if (after == t.size() || t[after] == ':' || t[after] == ' ') {
        tagged = true;
        i = after;
        if (i < t.size() && t[i] == ':') ++i;
      }
    }
  } else if (!tag.empty() && i < t.size() && t[i] == ':') {
    tagged = true;
    ++i;
  }
  if (tagged) {
    r.fields.push_back(Field{"app_name", tag, ValueKind::String});
    if (pid.empty())
      add_null(r, "procid");
    else
      r.fields.push_back(Field{"procid", pid, ValueKind::String});
    if (i < t.size() && t[i] == ' ') ++i;
  } else {
    i = tb;
    add_null(r, "app_name");
    add_null(r, "procid");
  }
  add_null(r, "msgid");
  add_null(r, "structured_data");
  r.fields.push_back(Field{"message", t.substr(i), ValueKind::String});
  return true;
}

void Syslog3164Reader::feed(const Record& line, RecordSink& sink) {
  if (!parse(line.text, record_, error_)) {
    sink.on_bad(line, error_);
    return;
  }
  emit_line_record(line, record_, sink);
}

}  // namespace sp
