#include "tools/sp-parse/access_log.h"

#include <cstring>

#include "tools/sp-parse/text_escapes.h"

namespace sp {

namespace {

struct Cursor {
  const char* p;
  size_t n;
  size_t i = 0;
  bool done() const { return i >= n; }
  std::string column() const { return std::to_string(i + 1); }
};

bool fail(std::string& error, const Cursor& c, const char* what) {
  error = std::string("expected ") + what + " at column " + c.column();
  return false;
}

// A run of non-space bytes.
bool token(Cursor& c, std::string_view& out) {
  size_t b = c.i;
  while (c.i < c.n && c.p[c.i] != ' ') ++c.i;
  out = std::string_view(c.p + b, c.i - b);
  return c.i > b;
}

bool space(Cursor& c) {
  if (c.i >= c.n || c.p[c.i] != ' ') return false;
  while (c.i < c.n && c.p[c.i] == ' ') ++c.i;
  return true;
}

// "..." with backslash escapes; `out` is decoded into the arena if needed.
bool quoted(Cursor& c, Arena& arena, std::string_view& out) {
  if (c.i >= c.n || c.p[c.i] != '"') return false;
  size_t b = ++c.i;
  bool escaped = false;
  while (c.i < c.n && c.p[c.i] != '"') {
    if (c.p[c.i] == '\\' && c.i + 1 < c.n) {
      escaped = true;
      ++c.i;
    }
    ++c.i;
  }
  if (c.i >= c.n) return false;
  out = std::string_view(c.p + b, c.i - b);
  ++c.i;
  if (escaped) {
    thread_local std::string decoded;
    decoded.clear();
    // Only \" and \\ are decoded: servers write other bytes as \xHH.
    for (size_t k = 0; k < out.size(); ++k) {
      if (out[k] == '\\' && k + 1 < out.size() && (out[k + 1] == '"' || out[k + 1] == '\\')) ++k;
      decoded.push_back(out[k]);
    }
    out = arena.copy(decoded);
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

bool is_method(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (!((ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '_')) return false;
  return true;
}

void add(ParsedRecord& r, std::string_view name, std::string_view value) {
  if (value == "-")
    r.fields.push_back(Field{name, "null", ValueKind::Null});
  else
    r.fields.push_back(Field{name, value, ValueKind::String});
}

// A JSON number has no leading zeros: "007" is written 7.
std::string_view json_integer(std::string_view digits) {
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return digits;
}

// At most 19 significant digits: every reader of the output (simdjson
// included) takes such an integer exactly; longer ones are bad lines.
bool fits_integer(std::string_view digits) { return json_integer(digits).size() <= 19; }

void add_null(ParsedRecord& r, std::string_view name) { r.fields.push_back(Field{name, "null", ValueKind::Null}); }

}  // namespace

bool AccessLogReader::parse(std::string_view text, ParsedRecord& r, std::string& error) {
  Cursor c{text.data(), text.size()};
  std::string_view remote_addr, logname, user, time, request, status, bytes, referer, agent;
  const bool apache = format_ != AccessLogFormat::NginxCombined;
  const bool combined = format_ != AccessLogFormat::ApacheCommon;
  if (!token(c, remote_addr)) return fail(error, c, "remote_addr");
  if (!space(c) || !token(c, logname)) return fail(error, c, apache ? "remote_logname" : "'-'");
  if (!space(c) || !token(c, user)) return fail(error, c, "remote_user");
  if (!space(c) || c.i >= c.n || c.p[c.i] != '[') return fail(error, c, "'[' before time_local");
  {
    const char* close = static_cast<const char*>(std::memchr(c.p + c.i, ']', c.n - c.i));
    if (!close) return fail(error, c, "']' after time_local");
    time = std::string_view(c.p + c.i + 1, static_cast<size_t>(close - c.p) - c.i - 1);
    c.i = static_cast<size_t>(close - c.p) + 1;
  }
  if (!space(c) || !quoted(c, arena_, request)) return fail(error, c, "quoted request");
  if (!space(c)) return fail(error, c, "a space before status");
  size_t at = c.i;
  if (!token(c, status) || !all_digits(status) || !fits_integer(status))
    return fail(error, Cursor{c.p, c.n, at}, "status (at most 19 digits)");
  if (!space(c)) return fail(error, c, "a space before body_bytes_sent");
  at = c.i;
  if (!token(c, bytes) || !(bytes == "-" || (all_digits(bytes) && fits_integer(bytes))))
    return fail(error, Cursor{c.p, c.n, at}, "body_bytes_sent (at most 19 digits, or -)");
  if (combined) {
    if (!space(c) || !quoted(c, arena_, referer)) return fail(error, c, "quoted http_referer");
    if (!space(c) || !quoted(c, arena_, agent)) return fail(error, c, "quoted http_user_agent");
  }
  while (c.i < c.n && c.p[c.i] == ' ') ++c.i;
  if (!c.done()) {
    error = std::string("unexpected text after ") + (combined ? "http_user_agent" : "body_bytes_sent") +
            " at column " + c.column() + " (a custom log format needs --from regex)";
    return false;
  }

  r.fields.clear();
  add(r, "remote_addr", remote_addr);
  if (apache) add(r, "remote_logname", logname);
  add(r, "remote_user", user);
  r.fields.push_back(Field{"time_local", time, ValueKind::String});
  add(r, "request", request);
  // "METHOD TARGET PROTOCOL" (or HTTP/0.9's "METHOD TARGET").
  size_t s1 = request.find(' ');
  std::string_view method = s1 == std::string_view::npos ? request : request.substr(0, s1);
  if (s1 != std::string_view::npos && is_method(method)) {
    std::string_view rest = request.substr(s1 + 1);
    size_t s2 = rest.rfind(' ');
    r.fields.push_back(Field{"method", method, ValueKind::String});
    if (s2 != std::string_view::npos && rest.substr(s2 + 1).substr(0, 5) == "HTTP/") {
      r.fields.push_back(Field{"path", rest.substr(0, s2), ValueKind::String});
      r.fields.push_back(Field{"protocol", rest.substr(s2 + 1), ValueKind::String});
    } else {
      r.fields.push_back(Field{"path", rest, ValueKind::String});
      add_null(r, "protocol");
    }
  } else {
    add_null(r, "method");
    add_null(r, "path");
    add_null(r, "protocol");
  }
  r.fields.push_back(Field{"status", json_integer(status), ValueKind::Number});
  if (bytes == "-")
    add_null(r, "body_bytes_sent");
  else
    r.fields.push_back(Field{"body_bytes_sent", json_integer(bytes), ValueKind::Number});
  if (combined) {
    add(r, "http_referer", referer);
    add(r, "http_user_agent", agent);
  }
  return true;
}

void AccessLogReader::feed(const Record& line, RecordSink& sink) {
  arena_.clear();
  if (!parse(line.text, record_, error_)) {
    sink.on_bad(line, error_);
    return;
  }
  emit_line_record(line, record_, sink);
}

}  // namespace sp
