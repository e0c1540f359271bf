#include "libcommon/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace sp {

std::string format_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    return buf;
  }
  int unit = -1;
  while (bytes >= 1024 && unit + 1 < 5) {
    bytes /= 1024;
    ++unit;
  }
  std::snprintf(buf, sizeof buf, "%.1f %s", bytes, kUnits[unit]);
  return buf;
}

std::string format_eta(double seconds) {
  if (!(seconds >= 0) || seconds > 1e9) return "?";
  auto s = static_cast<uint64_t>(std::ceil(seconds));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llus", static_cast<unsigned long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%llum%02llus", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%lluh%02llum", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%llud%02lluh", static_cast<unsigned long long>(s / 86400),
                  static_cast<unsigned long long>(s / 3600 % 24));
  }
  return buf;
}

std::string format_progress(std::string_view tool, const ProgressCounters& c, Nanos elapsed) {
  double secs = static_cast<double>(elapsed) / kNanosPerSecond;
  double record_rate = secs > 0 ? static_cast<double>(c.records) / secs : 0;
  double byte_rate = secs > 0 ? static_cast<double>(c.bytes) / secs : 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%llu records, ", static_cast<unsigned long long>(c.records));
  std::string line = std::string(tool) + ": " + buf + format_bytes(static_cast<double>(c.bytes));
  std::snprintf(buf, sizeof buf, ", %.0f rec/s, ", record_rate);
  line += buf + format_bytes(byte_rate) + "/s";
  if (c.size > 0 && c.follow) {
    line += ", " + format_bytes(static_cast<double>(c.size > c.position ? c.size - c.position : 0)) + " behind";
  } else if (c.size > 0 && c.position <= c.size) {
    double done = static_cast<double>(c.position) / static_cast<double>(c.size);
    std::snprintf(buf, sizeof buf, ", %.1f%%", done * 100);
    line += buf;
    // The ETA from the pace through the file (compressed bytes for zstd).
    double left = static_cast<double>(c.size - c.position);
    double pace = c.position > c.start_position && secs > 0 ? static_cast<double>(c.position - c.start_position) / secs : 0;
    line += ", ETA " + (left == 0 ? std::string("0s") : pace > 0 ? format_eta(left / pace) : "?");
  }
  return line;
}

ProgressLine::ProgressLine(std::string tool, bool requested)
    : tool_(std::move(tool)), enabled_(requested && isatty(STDERR_FILENO)) {}

bool ProgressLine::due(Nanos now) {
  if (!enabled_) return false;
  if (start_ == 0) start_ = now;
  return !drawn_ || now - last_draw_ >= kNanosPerSecond;
}

void ProgressLine::draw(const ProgressCounters& counters, Nanos now) {
  if (!enabled_) return;
  if (start_ == 0) start_ = now;
  last_draw_ = now;
  drawn_ = true;
  std::string line = "\r" + format_progress(tool_, counters, now - start_) + "\x1b[K";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (enabled_ && drawn_) std::fputs("\r\x1b[K", stderr);
  drawn_ = false;
}

}  // namespace sp
