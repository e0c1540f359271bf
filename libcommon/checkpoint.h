// Checkpoint files: what a tool needs to resume exactly where it stopped.
//
// File format (all integers little-endian; "varint" and "str" as in
// state_codec.h):
//
//   magic          8 bytes  "SPCKPT\0\n"
//   format         u32      kFormatVersion (1)
//   tool           str      "sp-dedup", ...
//   options_fp     u64      fingerprint of the options that shape state
//   options        str      those options in human-readable form
//   input_name     str      path, or "stdin"
//   input          u64 dev, u64 inode, u64 size, u64 head_hash, u32 head_len
//   input_offset   u64      byte offset of the next unread record
//   input_line     u64      line number of the last consumed line
//   output_length  bool has, u64 length (0 when absent)
//   watermark      i64      ns; INT64_MIN = none yet
//   created_at     i64      wall-clock ns (from the tool's clock)
//   epoch          u64      checkpoint sequence number
//   stats_json     str      counters so far, a JSON object
//   state_raw_len  u64      size of the operator state before compression
//   state          str      the operator state as one zstd frame (level 3)
//   checksum       u64      xxh3-64 (seed 0) of every byte before it
//
// Every later format keeps the magic, the u32 format right after it and the
// trailing xxh3-64 checksum, so any sp can tell "corrupt" from "newer".
// Reading checks, in order: magic, length, checksum, format version, fields,
// decompressed size. Every failure is a CheckpointError naming the file and
// what to do; nothing is silently ignored or repaired.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace sp {

// Identifies the input a checkpoint was taken on, so a resume can tell the
// same file (possibly grown) from a replaced or rewritten one.
struct InputIdentity {
  uint64_t dev = 0, ino = 0, size = 0, head_hash = 0;
  uint32_t head_len = 0;  // how many leading bytes head_hash covers
  friend bool operator==(const InputIdentity&, const InputIdentity&) = default;
};

struct Checkpoint {
  static constexpr uint32_t kFormatVersion = 1;
  static constexpr char kMagic[8] = {'S', 'P', 'C', 'K', 'P', 'T', '\0', '\n'};

  std::string tool;                  // e.g. "sp-dedup"
  uint64_t options_fingerprint = 0;  // hash of the options that shape state
  std::string options_summary;       // shown in errors: "--key id --within 10m"
  std::string input_name;            // path or "stdin"
  InputIdentity input;
  uint64_t input_offset = 0, input_line = 0;
  bool has_output_length = false;
  uint64_t output_length = 0;
  int64_t watermark = std::numeric_limits<int64_t>::min();  // ns; min = none
  int64_t created_at = 0;  // wall-clock ns from the replaceable clock
  uint64_t epoch = 0;      // checkpoint sequence number
  std::string stats_json;  // counters so far (a JSON object), so --stats is cumulative
  std::string state;       // operator state, uncompressed

  // Filled in by parse/read (the format of the file and the stored size of
  // the compressed state); ignored when writing.
  uint32_t format_version = kFormatVersion;
  uint64_t state_compressed_bytes = 0;

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The file bytes for `c` (format above).
std::string serialize_checkpoint(const Checkpoint& c);

// Parses file bytes; `name` is the file name used in error messages.
Checkpoint parse_checkpoint(std::string_view bytes, const std::string& name);

// Atomic (see atomic_file.h), mode 0600. Throws IoError.
void write_checkpoint(const std::string& path, const Checkpoint& c);

// Throws IoError when the file cannot be read, CheckpointError when it is not
// a valid checkpoint ("... is not an sp checkpoint", "... is corrupt (checksum
// mismatch)", "... was written by a newer sp (format 3)").
Checkpoint read_checkpoint(const std::string& path);

// Refuses to resume a checkpoint written by another tool or with options
// that shape state differently. Throws CheckpointError naming `path`.
void check_compatible(const Checkpoint& c, const std::string& path, std::string_view tool,
                      uint64_t fingerprint, std::string_view options_summary);

// True if something exists at `path` (a directory counts: reading it will
// then fail loudly). False for a missing file; IoError for other failures.
bool checkpoint_exists(const std::string& path);

// One deterministic, indented JSON object for --show-checkpoint (keys in a
// fixed order, a trailing newline).
std::string checkpoint_to_json(const Checkpoint& c);

}  // namespace sp
