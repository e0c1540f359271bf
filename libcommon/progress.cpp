#include "libcommon/progress.h"

#include <unistd.h>

#include <cstdio>

namespace sp {

ProgressLine::ProgressLine(std::string tool, bool requested, uint64_t input_size)
    : tool_(std::move(tool)), enabled_(requested && isatty(STDERR_FILENO)), input_size_(input_size) {}

void ProgressLine::update(uint64_t records, uint64_t bytes, Nanos now) {
  if (!enabled_) return;
  if (start_ == 0) start_ = now;
  if (drawn_ && now - last_draw_ < kNanosPerSecond) return;
  last_draw_ = now;
  drawn_ = true;
  double seconds = static_cast<double>(now - start_) / kNanosPerSecond;
  double rate = seconds > 0 ? records / seconds : 0;
  double mib = bytes / 1048576.0;
  if (input_size_ > 0 && bytes <= input_size_) {
    double done = static_cast<double>(bytes) / input_size_;
    double eta = done > 0 ? seconds * (1 - done) / done : 0;
    std::fprintf(stderr, "\r%s: %llu records, %.1f MiB, %.0f rec/s, %.1f%%, ETA %.0fs\x1b[K", tool_.c_str(),
                 static_cast<unsigned long long>(records), mib, rate, done * 100, eta);
  } else {
    std::fprintf(stderr, "\r%s: %llu records, %.1f MiB, %.0f rec/s\x1b[K", tool_.c_str(),
                 static_cast<unsigned long long>(records), mib, rate);
  }
}

void ProgressLine::finish() {
  if (enabled_ && drawn_) std::fputs("\r\x1b[K", stderr);
  drawn_ = false;
}

}  // namespace sp
