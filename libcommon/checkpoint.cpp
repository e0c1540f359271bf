#include "libcommon/checkpoint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <simdjson.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "libcommon/atomic_file.h"
#include "libcommon/errors.h"
#include "libcommon/hash.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

constexpr size_t kMagicSize = sizeof(Checkpoint::kMagic);
constexpr size_t kChecksumSize = 8;
// magic + format + checksum: anything shorter cannot be a checkpoint.
constexpr size_t kMinSize = kMagicSize + 4 + kChecksumSize;
// A zstd block of 128 KiB costs at least 4 bytes (an RLE block), so no frame
// expands by more than this; a larger declared size is a lie, refused before
// allocating it.
constexpr uint64_t kMaxZstdRatio = 32768;

const char* const kStartOver = "restore it from a backup, or delete it to start from the beginning";

[[noreturn]] void refuse(const std::string& name, const std::string& problem, const char* advice) {
  throw CheckpointError("checkpoint " + name + " " + problem + "; " + advice);
}

[[noreturn]] void corrupt(const std::string& name, const std::string& why) {
  refuse(name, "is corrupt (" + why + ")", kStartOver);
}

uint64_t load_u64_le(const char* p) {
  StateReader r(std::string_view(p, 8));
  return r.u64();
}

std::string compress_state(std::string_view state) {
  std::string out(ZSTD_compressBound(state.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), state.data(), state.size(), 3);
  if (ZSTD_isError(n)) throw CheckpointError(std::string("cannot compress checkpoint state: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

std::string decompress_state(std::string_view frame, uint64_t raw_len, const std::string& name) {
  if (ZSTD_findFrameCompressedSize(frame.data(), frame.size()) != frame.size())
    corrupt(name, "the state is not one complete zstd frame");
  unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (declared != raw_len) corrupt(name, "the state's declared size does not match");
  if (raw_len / kMaxZstdRatio > frame.size()) corrupt(name, "the state's declared size is impossible");
  std::string out(raw_len, '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) corrupt(name, std::string("the state does not decompress: ") + ZSTD_getErrorName(n));
  if (n != raw_len) corrupt(name, "the state decompresses to the wrong size");
  return out;
}


// --- JSON output -----------------------------------------------------------

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  size_t len;
  unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if ((at(i + k) & 0xc0) != 0x80) return 0;
  return len;
}

// A JSON string literal; bytes that are not valid UTF-8 become U+FFFD.
std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (len > 1) {
      out.append(s.substr(i, len));
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
    i += len;
  }
  return out + "\"";
}

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// The stats text embedded as an object when it is one; otherwise (it never
// is, unless a tool wrote garbage) as a string, so the output stays JSON.
std::string stats_value(std::string_view stats) {
  size_t b = stats.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "{}";
  size_t e = stats.find_last_not_of(" \t\r\n");
  std::string_view trimmed = stats.substr(b, e - b + 1);
  simdjson::dom::parser parser;
  simdjson::padded_string padded(trimmed);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) == simdjson::SUCCESS && doc.is_object()) return std::string(trimmed);
  return json_string(stats);
}

}  // namespace

std::string serialize_checkpoint(const Checkpoint& c) {
  StateWriter w;
  for (char m : Checkpoint::kMagic) w.u8(static_cast<uint8_t>(m));
  w.u32(Checkpoint::kFormatVersion);
  w.str(c.tool);
  w.u64(c.options_fingerprint);
  w.str(c.options_summary);
  w.str(c.input_name);
  w.u64(c.input.dev);
  w.u64(c.input.ino);
  w.u64(c.input.size);
  w.u64(c.input.head_hash);
  w.u32(c.input.head_len);
  w.u64(c.input_offset);
  w.u64(c.input_line);
  w.boolean(c.has_output_length);
  w.u64(c.has_output_length ? c.output_length : 0);
  w.i64(c.watermark);
  w.i64(c.created_at);
  w.u64(c.epoch);
  w.str(c.stats_json);
  w.u64(c.state.size());
  w.str(compress_state(c.state));
  w.u64(hash64(w.data()));
  return w.take();
}

Checkpoint parse_checkpoint(std::string_view bytes, const std::string& name) {
  const std::string_view magic(Checkpoint::kMagic, kMagicSize);
  if (bytes.empty()) refuse(name, "is not an sp checkpoint (the file is empty)", kStartOver);
  // A prefix of the magic is a truncated checkpoint, not a foreign file.
  if (bytes.substr(0, kMagicSize) != magic.substr(0, std::min(bytes.size(), kMagicSize)))
    refuse(name, "is not an sp checkpoint (it does not start with the SPCKPT header)",
           "give a file written by an sp tool, or a new file name to start fresh");
  if (bytes.size() < kMinSize) corrupt(name, "truncated to " + std::to_string(bytes.size()) + " bytes");

  std::string_view body = bytes.substr(0, bytes.size() - kChecksumSize);
  if (hash64(body) != load_u64_le(bytes.data() + body.size())) corrupt(name, "checksum mismatch");

  StateReader r(body);
  r.bytes(kMagicSize);
  Checkpoint c;
  c.format_version = r.u32();
  if (c.format_version > Checkpoint::kFormatVersion)
    refuse(name,
           "was written by a newer sp (format " + std::to_string(c.format_version) + "; this sp reads format " +
               std::to_string(Checkpoint::kFormatVersion) + ")",
           "resume with that sp version, or use a new checkpoint file");
  if (c.format_version == 0) corrupt(name, "format 0 does not exist");

  uint64_t raw_len = 0;
  std::string_view frame;
  try {
    c.tool = r.str();
    c.options_fingerprint = r.u64();
    c.options_summary = r.str();
    c.input_name = r.str();
    c.input.dev = r.u64();
    c.input.ino = r.u64();
    c.input.size = r.u64();
    c.input.head_hash = r.u64();
    c.input.head_len = r.u32();
    c.input_offset = r.u64();
    c.input_line = r.u64();
    c.has_output_length = r.boolean();
    c.output_length = r.u64();
    if (!c.has_output_length && c.output_length != 0) throw CheckpointError("output length without output");
    c.watermark = r.i64();
    c.created_at = r.i64();
    c.epoch = r.u64();
    c.stats_json = r.str();
    raw_len = r.u64();
    frame = r.str();
    r.expect_end();
  } catch (const CheckpointError&) {
    corrupt(name, "malformed fields");
  }
  c.state = decompress_state(frame, raw_len, name);
  c.state_compressed_bytes = frame.size();
  return c;
}

void write_checkpoint(const std::string& path, const Checkpoint& c) {
  write_file_atomically(path, serialize_checkpoint(c), 0600);
}

Checkpoint read_checkpoint(const std::string& path) { return parse_checkpoint(read_file_contents(path, "checkpoint "), path); }

void check_compatible(const Checkpoint& c, const std::string& path, std::string_view tool, uint64_t fingerprint,
                      std::string_view options_summary) {
  if (c.tool != tool)
    refuse(path, "was written by " + c.tool + ", not " + std::string(tool),
           "use a new checkpoint file for this tool");
  if (c.options_fingerprint != fingerprint)
    refuse(path,
           "was written with options '" + c.options_summary + "', now '" + std::string(options_summary) + "'",
           "use a new checkpoint file or the same options");
}

bool checkpoint_exists(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  throw IoError("cannot check checkpoint " + path + ": " + std::strerror(errno));
}

std::string checkpoint_to_json(const Checkpoint& c) {
  uint64_t compressed = c.state_compressed_bytes ? c.state_compressed_bytes : compress_state(c.state).size();
  std::string o = "{\n";
  auto field = [&](const char* key, const std::string& value, bool last = false) {
    o += "  \"";
    o += key;
    o += "\": " + value + (last ? "\n" : ",\n");
  };
  auto num = [](auto v) { return std::to_string(v); };
  field("format_version", num(c.format_version));
  field("tool", json_string(c.tool));
  field("options_fingerprint", "\"" + hex64(c.options_fingerprint) + "\"");
  field("options", json_string(c.options_summary));
  field("input", "{\n    \"name\": " + json_string(c.input_name) + ",\n    \"dev\": " + num(c.input.dev) +
                     ",\n    \"inode\": " + num(c.input.ino) + ",\n    \"size\": " + num(c.input.size) +
                     ",\n    \"head_hash\": \"" + hex64(c.input.head_hash) + "\",\n    \"head_len\": " +
                     num(c.input.head_len) + "\n  }");
  field("input_offset", num(c.input_offset));
  field("input_line", num(c.input_line));
  field("output_length", c.has_output_length ? num(c.output_length) : "null");
  field("watermark", c.watermark == std::numeric_limits<int64_t>::min() ? "null" : num(c.watermark));
  field("created_at", num(c.created_at));
  field("epoch", num(c.epoch));
  field("stats", stats_value(c.stats_json));
  field("state_bytes", num(c.state.size()));
  field("state_compressed_bytes", num(compressed), true);
  return o + "}\n";
}

}  // namespace sp
