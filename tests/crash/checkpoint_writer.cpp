// Helper for checkpoint_kill_test.sh.
//
//   checkpoint_writer write PATH [STATE_MIB]
//       Resumes from the checkpoint at PATH if there is one, then writes
//       checkpoints of STATE_MIB (default 20) MiB of incompressible state to
//       PATH forever, epoch after epoch, until it is killed.
//   checkpoint_writer --verify PATH
//       Exits 0 and prints the epoch if PATH holds a complete checkpoint whose
//       state is exactly what `write` produces for that epoch; else exits 1.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "libcommon/checkpoint.h"

namespace {

constexpr const char* kTool = "checkpoint_writer";

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Pseudo-random bytes derived from the epoch: zstd cannot shrink them, so
// every write moves the full size through write() and fsync().
std::string state_for(uint64_t epoch, size_t bytes) {
  std::string s(bytes, '\0');
  uint64_t x = epoch;
  for (size_t i = 0; i + 8 <= bytes; i += 8) {
    uint64_t v = splitmix64(x);
    for (int k = 0; k < 8; ++k) s[i + k] = static_cast<char>(v >> (8 * k));
  }
  return s;
}

int write_forever(const std::string& path, size_t mib) {
  uint64_t epoch = 0;
  if (sp::checkpoint_exists(path)) epoch = sp::read_checkpoint(path).epoch + 1;
  for (;; ++epoch) {
    sp::Checkpoint c;
    c.tool = kTool;
    c.options_summary = "--state-mib " + std::to_string(mib);
    c.options_fingerprint = mib;
    c.input_name = "stdin";
    c.input_offset = epoch * 1000;
    c.epoch = epoch;
    c.state = state_for(epoch, mib << 20);
    sp::write_checkpoint(path, c);
  }
}

int verify(const std::string& path) {
  sp::Checkpoint c = sp::read_checkpoint(path);
  if (c.tool != kTool || c.input_offset != c.epoch * 1000 || c.state.size() != (c.options_fingerprint << 20) ||
      c.state != state_for(c.epoch, c.state.size())) {
    std::fprintf(stderr, "checkpoint_writer: %s passed its checksum but holds the wrong content\n", path.c_str());
    return 1;
  }
  std::printf("%llu\n", static_cast<unsigned long long>(c.epoch));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "write" && (argc == 3 || argc == 4))
      return write_forever(argv[2], argc == 4 ? std::stoul(argv[3]) : 20);
    if (mode == "--verify" && argc == 3) return verify(argv[2]);
    std::fprintf(stderr, "usage: checkpoint_writer write PATH [STATE_MIB] | --verify PATH\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "checkpoint_writer: %s\n", e.what());
    return 1;
  }
}
