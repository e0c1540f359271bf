#include "tools/sp-gen/formats.h"

#include <array>
#include <charconv>
#include <vector>

#include "libcommon/json_writer.h"
#include "libcommon/timestamp.h"
#include "tools/sp-gen/event.h"

namespace sp::gen {
namespace {

using namespace std::string_view_literals;

constexpr std::array kFormats = {
    std::pair{"ndjson"sv, Format::Ndjson},          std::pair{"csv"sv, Format::Csv},
    std::pair{"logfmt"sv, Format::Logfmt},          std::pair{"nginx-combined"sv, Format::NginxCombined},
    std::pair{"syslog"sv, Format::Syslog},
};

template <typename Int>
void append_int(std::string& out, Int value, int min_digits = 1) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  for (int pad = min_digits - static_cast<int>(end - buf); pad > 0; --pad) out += '0';
  out.append(buf, end);
}

void append_hex(std::string& out, uint64_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[16];
  for (int i = digits - 1; i >= 0; --i, value >>= 4) buf[i] = kHex[value & 0xF];
  out.append(buf, static_cast<size_t>(digits));
}

// Always two decimals ("0.00", "12.30"), so the field reads as the same
// decimal type in every record.
void append_amount(std::string& out, int64_t cents) {
  if (cents < 0) {
    out += '-';
    cents = -cents;
  }
  append_int(out, cents / 100);
  out += '.';
  append_int(out, cents % 100, 2);
}

void append_ts(std::string& out, Nanos ts) {
  char buf[kTimeBufferSize];
  out.append(buf, format_time(ts, TimeOutFormat::Rfc3339, buf));
}

void append_id(std::string& out, const Event& e) {
  out += "evt-";
  append_hex(out, e.id_bits, 16);
}

void append_user(std::string& out, const Event& e) {
  out += 'u';
  append_int(out, e.user);
}

void append_session(std::string& out, const Event& e) {
  out += "s-";
  append_hex(out, e.session, 8);
}

void append_ip(std::string& out, uint32_t ip) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    append_int(out, (ip >> shift) & 0xFF);
    if (shift) out += '.';
  }
}

std::string_view event_name(const Event& e) { return event_kind_info(e.kind).name; }
std::string_view country_code(const Event& e) { return countries()[e.country].code; }
std::string_view city_name(const Event& e) { return countries()[e.country].cities[e.city]; }
std::string_view ua_text(const Event& e) { return user_agents()[e.user_agent].text; }

void append_request_path(std::string& out, const Event& e) {
  const auto& info = event_kind_info(e.kind);
  out += info.path;
  if (e.kind == EventKind::Search) out += search_terms()[e.item];
  else if (e.kind != EventKind::Login && e.kind != EventKind::Logout) append_int(out, e.item);
}

// --- ndjson ---------------------------------------------------------------

// The catalog's strings as JSON strings, escaped once rather than per record.
struct JsonCatalog {
  std::vector<std::vector<std::string>> cities;  // [country][city]
  std::vector<std::string> user_agents;

  JsonCatalog() {
    for (const auto& country : countries()) {
      auto& names = cities.emplace_back();
      for (auto city : country.cities) append_json_string(names.emplace_back(), city);
    }
    for (const auto& ua : sp::gen::user_agents()) append_json_string(user_agents.emplace_back(), ua.text);
  }
  static const JsonCatalog& get() {
    static const JsonCatalog catalog;
    return catalog;
  }
};

void write_ndjson(const Event& e, std::string& out) {
  out += "{\"ts\":\"";
  append_ts(out, e.ts);
  out += "\",\"id\":\"";
  append_id(out, e);
  out += "\",\"user\":\"";
  append_user(out, e);
  out += "\",\"session\":\"";
  append_session(out, e);
  out += "\",\"event\":\"";
  out += event_name(e);
  out += "\",\"amount\":";
  append_amount(out, e.amount_cents);
  out += ",\"latency_ms\":";
  append_int(out, e.latency_ms);
  out += ",\"country\":\"";
  out += country_code(e);
  const auto& json = JsonCatalog::get();
  out += "\",\"city\":";
  out += json.cities[e.country][e.city];
  out += ",\"ua\":";
  out += json.user_agents[e.user_agent];
  out += '}';
}

// --- csv (RFC 4180 quoting) -------------------------------------------------

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void write_csv(const Event& e, std::string& out) {
  append_ts(out, e.ts);
  out += ',';
  append_id(out, e);
  out += ',';
  append_user(out, e);
  out += ',';
  append_session(out, e);
  out += ',';
  out += event_name(e);
  out += ',';
  append_amount(out, e.amount_cents);
  out += ',';
  append_int(out, e.latency_ms);
  out += ',';
  out += country_code(e);
  out += ',';
  append_csv_field(out, city_name(e));
  out += ',';
  append_csv_field(out, ua_text(e));
}

// --- logfmt -----------------------------------------------------------------

void append_logfmt_value(std::string& out, std::string_view text) {
  bool plain = !text.empty();
  for (unsigned char c : text) {
    if (c <= ' ' || c == '=' || c == '"' || c == '\\') plain = false;
  }
  if (plain) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void write_logfmt(const Event& e, std::string& out) {
  out += "ts=";
  append_ts(out, e.ts);
  out += " id=";
  append_id(out, e);
  out += " user=";
  append_user(out, e);
  out += " session=";
  append_session(out, e);
  out += " event=";
  out += event_name(e);
  out += " amount=";
  append_amount(out, e.amount_cents);
  out += " latency_ms=";
  append_int(out, e.latency_ms);
  out += " country=";
  out += country_code(e);
  out += " city=";
  append_logfmt_value(out, city_name(e));
  out += " ua=";
  append_logfmt_value(out, ua_text(e));
}

// --- nginx combined ----------------------------------------------------------

// nginx writes '"', '\' and control bytes inside quoted fields as \xHH.
void append_nginx_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += "0123456789ABCDEF"[c >> 4];
      out += "0123456789ABCDEF"[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// $time_local in UTC: "01/Jan/2026:00:00:00 +0000".
void append_time_local(std::string& out, Nanos ts) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Nanos seconds = ts / kNanosPerSecond;
  if (ts % kNanosPerSecond < 0) --seconds;
  int64_t days = seconds / 86400;
  int64_t in_day = seconds % 86400;
  if (in_day < 0) {
    in_day += 86400;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  append_int(out, date.day, 2);
  out += '/';
  out += kMonths[date.month - 1];
  out += '/';
  append_int(out, date.year, 4);
  out += ':';
  append_int(out, in_day / 3600, 2);
  out += ':';
  append_int(out, in_day / 60 % 60, 2);
  out += ':';
  append_int(out, in_day % 60, 2);
  out += " +0000";
}

std::string_view referer(const Event& e) {
  switch (e.kind) {
    case EventKind::Login: return "-";
    case EventKind::View: return e.item % 4 == 0 ? "https://www.google.com/" : "https://shop.example.com/";
    case EventKind::Purchase: return "https://shop.example.com/cart";
    default: return "https://shop.example.com/";
  }
}

void write_nginx(const Event& e, std::string& out) {
  append_ip(out, e.ip);
  out += " - ";
  append_user(out, e);
  out += " [";
  append_time_local(out, e.ts);
  out += "] \"";
  out += event_kind_info(e.kind).method;
  out += ' ';
  append_request_path(out, e);
  out += " HTTP/1.1\" ";
  append_int(out, e.status);
  out += ' ';
  append_int(out, e.bytes);
  out += ' ';
  append_nginx_quoted(out, referer(e));
  out += ' ';
  append_nginx_quoted(out, ua_text(e));
}

// --- syslog (RFC 5424) ---------------------------------------------------------

// SD-PARAM values escape '"', '\' and ']'; they are UTF-8, so the city goes
// here and MSG stays ASCII (UTF-8 in MSG would need a BOM).
void append_sd_param(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  for (char c : value) {
    if (c == '"' || c == '\\' || c == ']') out += '\\';
    out += c;
  }
  out += '"';
}

void write_syslog(const Event& e, std::string& out) {
  constexpr int kFacilityLocal0 = 16;
  const int severity = e.status >= 500 ? 3 : e.latency_ms >= 1000 ? 4 : 6;  // err, warning, info
  out += '<';
  append_int(out, kFacilityLocal0 * 8 + severity);
  out += ">1 ";
  append_ts(out, e.ts);
  out += " web-";
  append_int(out, e.host, 2);
  out += " shop ";
  append_int(out, 1000 + 137 * e.host);
  out += ' ';
  out += event_name(e);
  out += " [req@32473";  // 32473: the enterprise number reserved for examples
  out += " id=\"";
  append_id(out, e);
  out += "\" user=\"";
  append_user(out, e);
  out += "\" session=\"";
  append_session(out, e);
  out += "\" country=\"";
  out += country_code(e);
  out += '"';
  append_sd_param(out, "city", city_name(e));
  append_sd_param(out, "ua", ua_text(e));
  out += "] ";
  out += event_kind_info(e.kind).method;
  out += ' ';
  append_request_path(out, e);
  out += ' ';
  append_int(out, e.status);
  out += ' ';
  append_int(out, e.latency_ms);
  out += "ms amount=";
  append_amount(out, e.amount_cents);
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& [format_name, format] : kFormats) {
    if (name == format_name) return format;
  }
  return std::nullopt;
}

std::string_view format_header(Format format) {
  if (format == Format::Csv) return "ts,id,user,session,event,amount,latency_ms,country,city,ua";
  return {};
}

void write_event(Format format, const Event& event, std::string& out) {
  out.clear();
  switch (format) {
    case Format::Ndjson: write_ndjson(event, out); break;
    case Format::Csv: write_csv(event, out); break;
    case Format::Logfmt: write_logfmt(event, out); break;
    case Format::NginxCombined: write_nginx(event, out); break;
    case Format::Syslog: write_syslog(event, out); break;
  }
}

}  // namespace sp::gen
