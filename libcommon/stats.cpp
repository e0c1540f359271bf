#include "libcommon/stats.h"

#include <simdjson.h>

#include <charconv>

namespace sp {

Stats::Stats()
    : records_in(slot("records_in")),
      records_out(slot("records_out")),
      rejected(slot("rejected")),
      empty_lines(slot("empty_lines")),
      bytes_in(slot("bytes_in")),
      bytes_out(slot("bytes_out")) {}

uint64_t& Stats::slot(std::string_view name) {
  for (auto& [key, value] : counters_) {
    if (key == name) return value;
  }
  counters_.emplace_back(std::string(name), 0);
  return counters_.back().second;
}

uint64_t& Stats::counter(std::string_view name) { return slot(name); }

uint64_t Stats::get(std::string_view name) const {
  for (const auto& [key, value] : counters_) {
    if (key == name) return value;
  }
  return 0;
}

namespace {

// "{" and the counters, each followed by a comma.
std::string counters_open(const std::deque<std::pair<std::string, uint64_t>>& counters) {
  std::string out = "{";
  char buf[32];
  for (const auto& [key, value] : counters) {
    out += '"';
    out += key;  // counter names are plain identifiers chosen by the tools
    out += "\":";
    auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out.append(buf, end);
    out += ',';
  }
  return out;
}

}  // namespace

std::string Stats::counters_json() const {
  std::string out = counters_open(counters_);
  if (out.back() == ',') out.pop_back();
  out += '}';
  return out;
}

std::string Stats::to_json(double elapsed_s) const {
  std::string out = counters_open(counters_);
  char buf[32];
  out += "\"elapsed_s\":";
  auto end = std::to_chars(buf, buf + sizeof buf, elapsed_s, std::chars_format::fixed, 3).ptr;
  out.append(buf, end);
  out += '}';
  return out;
}

void Stats::merge_json(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc)) return;
  simdjson::dom::object object;
  if (doc.get_object().get(object)) return;
  for (auto field : object) {
    uint64_t value;
    if (field.value.get_uint64().get(value) == simdjson::SUCCESS) slot(field.key) += value;
  }
}

}  // namespace sp
