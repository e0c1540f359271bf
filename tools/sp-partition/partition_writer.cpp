#include "tools/sp-partition/partition_writer.h"

#include "libcommon/errors.h"

namespace sp {

bool has_zst_suffix(std::string_view path) { return path.size() > 4 && path.substr(path.size() - 4) == ".zst"; }

PartitionWriter::PartitionWriter(OutputOptions options) : sink_(options) {
  if (has_zst_suffix(options.path)) {
    zstd_ = ZSTD_createCCtx();
    if (zstd_ == nullptr) throw IoError(options.path + ": cannot create a zstd compressor");
    ZSTD_CCtx_setParameter(zstd_, ZSTD_c_compressionLevel, 3);
    zbuf_size_ = ZSTD_CStreamOutSize();
    zbuf_ = std::make_unique<char[]>(zbuf_size_);
  }
}

PartitionWriter::~PartitionWriter() {
  if (zstd_ != nullptr) ZSTD_freeCCtx(zstd_);
}

void PartitionWriter::compress(std::string_view bytes, ZSTD_EndDirective mode) {
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  for (;;) {
    ZSTD_outBuffer out{zbuf_.get(), zbuf_size_, 0};
    size_t left = ZSTD_compressStream2(zstd_, &out, &in, mode);
    if (ZSTD_isError(left)) throw IoError(sink_.name() + ": zstd: " + ZSTD_getErrorName(left));
    if (out.pos > 0) sink_.write(std::string_view(zbuf_.get(), out.pos));
    bool done = mode == ZSTD_e_continue ? in.pos == in.size : left == 0;
    if (done) break;
  }
}

void PartitionWriter::write_line(std::string_view record) {
  if (zstd_ == nullptr) {
    sink_.write_line(record);
    return;
  }
  frame_open_ = true;
  compress(record, ZSTD_e_continue);
  compress("\n", ZSTD_e_continue);
}

void PartitionWriter::flush() {
  if (zstd_ != nullptr && frame_open_) compress({}, ZSTD_e_flush);
  sink_.flush();
}

void PartitionWriter::finish() {
  if (zstd_ != nullptr && frame_open_) {
    compress({}, ZSTD_e_end);
    frame_open_ = false;
  }
  sink_.flush();
}

uint64_t PartitionWriter::commit() {
  finish();
  sink_.sync();
  return sink_.bytes_written();
}

}  // namespace sp
