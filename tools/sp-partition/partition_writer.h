// One output file of sp-partition: plain NDJSON, or zstd-compressed when its
// name ends in ".zst" (streaming; each checkpoint or close ends a frame, so
// the file is always a valid concatenation of frames at a recorded length).
#pragma once
#include <zstd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "libcommon/output.h"

namespace sp {

class PartitionWriter {
 public:
  // `options` as for OutputSink (fresh, append or truncate_to for resume).
  explicit PartitionWriter(OutputOptions options);
  ~PartitionWriter();
  PartitionWriter(const PartitionWriter&) = delete;
  PartitionWriter& operator=(const PartitionWriter&) = delete;

  void write_line(std::string_view record);
  // Ends the current zstd frame, flushes and fsyncs; returns the file length.
  uint64_t commit();
  // Hands everything written so far to the file (zstd: a flushed block, so a
  // reader sees every record; the frame stays open). For quiet input.
  void flush();
  // Ends the current zstd frame and flushes (before a close).
  void finish();
  uint64_t length() const { return sink_.bytes_written(); }

 private:
  void compress(std::string_view bytes, ZSTD_EndDirective mode);

  OutputSink sink_;
  ZSTD_CCtx* zstd_ = nullptr;
  std::unique_ptr<char[]> zbuf_;
  size_t zbuf_size_ = 0;
  bool frame_open_ = false;
};

bool has_zst_suffix(std::string_view path);

}  // namespace sp
