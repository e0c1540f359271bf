#include "libcommon/control_line.h"

#include <charconv>

namespace sp {

namespace {

constexpr std::string_view kPrefix = "\x1esp ";

template <typename T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool parse_control_line(std::string_view line, ControlLine& out) {
  if (!line.starts_with(kPrefix)) return false;
  line.remove_prefix(kPrefix.size());
  if (line == "end") {
    out.kind = ControlLine::Kind::End;
    return true;
  }
  if (line.starts_with("barrier ")) {
    out.kind = ControlLine::Kind::Barrier;
    return parse_number(line.substr(8), out.epoch) && out.epoch > 0;
  }
  if (line.starts_with("watermark ")) {
    out.kind = ControlLine::Kind::Watermark;
    return parse_number(line.substr(10), out.watermark);
  }
  return false;
}

std::string format_control_line(const ControlLine& c) {
  std::string line(kPrefix);
  switch (c.kind) {
    case ControlLine::Kind::Barrier: line += "barrier " + std::to_string(c.epoch); break;
    case ControlLine::Kind::Watermark: line += "watermark " + std::to_string(c.watermark); break;
    case ControlLine::Kind::End: line += "end"; break;
  }
  return line;
}

}  // namespace sp
