// What checkpointed pipelines read from files and from upstream members:
// the in-band control lines (barrier, watermark, end) and the COMMIT record.
// Either may be refused, never crash; whatever parses must format and parse
// back to the same value. Random bytes rarely pass COMMIT's checksum, so the
// input is also tried with a correct checksum line appended.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libcommon/control_line.h"
#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/pipeline_dir.h"

namespace {

void check_control(std::string_view line) {
  sp::ControlLine c;
  if (!sp::parse_control_line(line, c)) return;
  std::string text = sp::format_control_line(c);
  sp::ControlLine again;
  if (!sp::is_control_line(text) || !sp::parse_control_line(text, again) || again.kind != c.kind) std::abort();
  if (c.kind == sp::ControlLine::Kind::Barrier && again.epoch != c.epoch) std::abort();
  if (c.kind == sp::ControlLine::Kind::Watermark && again.watermark != c.watermark) std::abort();
}

void check_commit(std::string_view text) {
  sp::PipelineCommit c;
  try {
    c = sp::parse_commit(text, "fuzz");
  } catch (const sp::CheckpointError&) {
    return;
  }
  if (sp::parse_commit(sp::serialize_commit(c), "fuzz") != c) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  check_control(input);
  check_control(std::string("\x1esp ") + std::string(input));
  check_commit(input);
  std::string sealed(input);
  char sum[17];
  std::snprintf(sum, sizeof sum, "%016llx", static_cast<unsigned long long>(sp::hash64(sealed)));
  sealed += "checksum " + std::string(sum) + "\n";
  check_commit(sealed);
  return 0;
}
