#include "libcommon/pipeline_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>

#include "libcommon/atomic_file.h"
#include "libcommon/errors.h"
#include "libcommon/file_error.h"
#include "libcommon/hash.h"

namespace sp {

namespace {

constexpr std::string_view kCommitHeader = "sp-commit 1\n";
// Far larger than any commit record: the parser refuses a file this long.
constexpr size_t kMaxCommitBytes = 1 << 16;
constexpr std::string_view kSnapshotSuffix = ".ckpt";
// How long a new member waits for a previous run's member of the same name
// to exit (it does once it sees its stdin end or its stdout close).
constexpr int kLockWaitMs = 5000;

bool parse_u64(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Takes "KEY VALUE\n" off the front of `text`.
bool take_field(std::string_view& text, std::string_view key, std::string_view& value) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return false;
  std::string_view line = text.substr(0, nl);
  if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ' ') return false;
  value = line.substr(key.size() + 1);
  text.remove_prefix(nl + 1);
  return true;
}


// Snapshot file names "NAME.EPOCH.ckpt" in `dir`, as (name, epoch) pairs.
// Temp files of interrupted writes ("... .ckpt.tmp.PID") are listed with
// is_temp set.
struct SnapshotFile {
  std::string name;
  uint64_t epoch = 0;
  bool is_temp = false;
  std::string file;
};

std::vector<SnapshotFile> list_snapshots(const std::string& dir) {
  std::vector<SnapshotFile> files;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    const int err = errno;
    throw IoError(file_error("--checkpoint-dir " + dir, "read the directory", err, FileAccess::Read));
  }
  while (dirent* e = ::readdir(d)) {
    std::string_view entry = e->d_name;
    SnapshotFile f;
    f.file = entry;
    size_t ckpt = entry.rfind(kSnapshotSuffix);
    if (ckpt == std::string_view::npos) continue;
    std::string_view rest = entry.substr(ckpt + kSnapshotSuffix.size());
    if (rest.starts_with(".tmp.")) f.is_temp = true;
    else if (!rest.empty()) continue;
    std::string_view stem = entry.substr(0, ckpt);
    size_t dot = stem.rfind('.');
    if (dot == std::string_view::npos || !parse_u64(stem.substr(dot + 1), f.epoch)) continue;
    f.name = stem.substr(0, dot);
    files.push_back(std::move(f));
  }
  ::closedir(d);
  std::sort(files.begin(), files.end(), [](const SnapshotFile& a, const SnapshotFile& b) {
    return std::tie(a.name, a.epoch, a.is_temp) < std::tie(b.name, b.epoch, b.is_temp);
  });
  return files;
}

}  // namespace

std::string serialize_commit(const PipelineCommit& c) {
  std::string text(kCommitHeader);
  text += "epoch " + std::to_string(c.epoch) + "\n";
  text += "sink " + c.sink + "\n";
  text += "output_length " + (c.has_output_length ? std::to_string(c.output_length) : std::string("none")) + "\n";
  text += "checksum " + hex64(hash64(text)) + "\n";
  return text;
}

PipelineCommit parse_commit(std::string_view text, const std::string& name) {
  auto corrupt = [&](const std::string& why) -> CheckpointError {
    return CheckpointError("commit record " + name + " is corrupt (" + why +
                           "); restore the checkpoint directory from a backup, or remove it to start from the beginning");
  };
  if (!text.starts_with(kCommitHeader)) {
    if (text.starts_with("sp-commit ")) throw corrupt("an unknown commit format: written by a newer sp?");
    throw corrupt("it does not start with 'sp-commit 1'");
  }
  std::string_view rest = text.substr(kCommitHeader.size());
  std::string_view epoch, sink, length, checksum;
  if (!take_field(rest, "epoch", epoch) || !take_field(rest, "sink", sink) ||
      !take_field(rest, "output_length", length)) {
    throw corrupt("malformed fields");
  }
  size_t body_size = text.size() - rest.size();
  if (!take_field(rest, "checksum", checksum) || !rest.empty()) throw corrupt("malformed checksum line");
  if (checksum != hex64(hash64(text.substr(0, body_size)))) throw corrupt("checksum mismatch");
  PipelineCommit c;
  if (!parse_u64(epoch, c.epoch) || c.epoch == 0) throw corrupt("bad epoch");
  c.sink = sink;
  if (length != "none") {
    c.has_output_length = true;
    if (!parse_u64(length, c.output_length)) throw corrupt("bad output_length");
  }
  return c;
}

void check_member_name(const std::string& name) {
  bool ok = !name.empty() && name != "COMMIT" && name.size() <= 200 && name[0] != '.';
  for (char ch : name) {
    bool allowed = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                   ch == '_' || ch == '-';
    ok = ok && allowed;
  }
  if (!ok)
    throw UsageError("--name '" + name + "': use letters, digits, '.', '_' and '-' (it names files in --checkpoint-dir)");
}

PipelineDir::PipelineDir(std::string dir, std::string name) : dir_(std::move(dir)), name_(std::move(name)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
    const int err = errno;
    throw IoError(file_error("--checkpoint-dir " + dir_, "create the directory", err, FileAccess::Write));
  }
  std::string lock = dir_ + "/" + name_ + ".lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    const int err = errno;
    throw IoError(file_error("--checkpoint-dir " + dir_, "create " + lock, err, FileAccess::Write));
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kLockWaitMs);
  while (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int err = errno;
      throw IoError(file_error("--checkpoint-dir " + dir_, "lock " + lock, err, FileAccess::Write));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(lock_fd_);
      throw IoError("another pipeline member named '" + name_ + "' is running with --checkpoint-dir " + dir_ +
                    " (give each member its own --name)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

PipelineDir::~PipelineDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

std::string PipelineDir::snapshot_path(uint64_t epoch) const {
  return dir_ + "/" + name_ + "." + std::to_string(epoch) + std::string(kSnapshotSuffix);
}

std::optional<PipelineCommit> PipelineDir::read_commit() const {
  std::string path = commit_path();
  if (!checkpoint_exists(path)) return std::nullopt;
  return parse_commit(read_file_contents(path, "", kMaxCommitBytes), path);
}

void PipelineDir::write_commit(const PipelineCommit& c) const {
  write_file_atomically(commit_path(), serialize_commit(c), 0600);
}

Checkpoint PipelineDir::read_snapshot(uint64_t epoch) const {
  std::string path = snapshot_path(epoch);
  if (!checkpoint_exists(path))
    throw CheckpointError(dir_ + " committed epoch " + std::to_string(epoch) + " without a snapshot of member '" +
                          name_ + "' (" + path + " is missing): was the member renamed or added? Use the names of "
                          "that run, or a new --checkpoint-dir to start over");
  return read_checkpoint(path);
}

void PipelineDir::write_snapshot(uint64_t epoch, const Checkpoint& c) const {
  write_checkpoint(snapshot_path(epoch), c);
}

std::optional<uint64_t> PipelineDir::read_end() const {
  std::string path = dir_ + "/" + name_ + ".end";
  if (!checkpoint_exists(path)) return std::nullopt;
  std::string text = read_file_contents(path, "", kMaxCommitBytes);
  uint64_t epoch = 0;
  if (!text.starts_with("sp-end ") || !text.ends_with("\n") ||
      !parse_u64(std::string_view(text).substr(7, text.size() - 8), epoch))
    throw CheckpointError("end marker " + path + " is corrupt; restore the checkpoint directory from a backup, or "
                          "remove it to start from the beginning");
  return epoch;
}

void PipelineDir::write_end(uint64_t epoch) const {
  write_file_atomically(dir_ + "/" + name_ + ".end", "sp-end " + std::to_string(epoch) + "\n", 0600);
}

void PipelineDir::remove_end() const {
  std::string path = dir_ + "/" + name_ + ".end";
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    const int err = errno;
    throw IoError(file_error("--checkpoint-dir " + dir_, "remove " + path, err, FileAccess::Write));
  }
}

bool PipelineDir::has_snapshot(uint64_t epoch) const { return checkpoint_exists(snapshot_path(epoch)); }

void PipelineDir::remove_snapshots(uint64_t keep, bool only_older) const {
  for (const SnapshotFile& f : list_snapshots(dir_)) {
    if (f.name != name_) continue;
    if (f.is_temp) {
      remove_stale_temp_files(snapshot_path(f.epoch));
      continue;
    }
    if (f.epoch == keep || (only_older && f.epoch > keep)) continue;
    std::string path = dir_ + "/" + f.file;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      const int err = errno;
      throw IoError(
          file_error("--checkpoint-dir " + dir_, "remove the old snapshot " + path, err, FileAccess::Write));
    }
  }
}

void PipelineDir::remove_snapshots_except(uint64_t keep) const { remove_snapshots(keep, false); }
void PipelineDir::remove_snapshots_before(uint64_t keep) const { remove_snapshots(keep, true); }

std::vector<uint64_t> PipelineDir::snapshot_epochs() const {
  std::vector<uint64_t> epochs;
  for (const SnapshotFile& f : list_snapshots(dir_)) {
    if (f.name == name_ && !f.is_temp) epochs.push_back(f.epoch);
  }
  return epochs;
}

std::string pipeline_dir_to_json(const std::string& dir) {
  std::string commit_path = dir + "/COMMIT";
  std::optional<PipelineCommit> c;
  if (checkpoint_exists(commit_path)) c = parse_commit(read_file_contents(commit_path, "", kMaxCommitBytes), commit_path);
  std::map<std::string, std::vector<uint64_t>> members;
  for (const SnapshotFile& f : list_snapshots(dir)) {
    if (!f.is_temp) members[f.name].push_back(f.epoch);
  }
  std::string o = "{\n";
  o += "  \"committed_epoch\": " + (c ? std::to_string(c->epoch) : std::string("null")) + ",\n";
  o += "  \"sink\": " + (c ? "\"" + c->sink + "\"" : std::string("null")) + ",\n";  // names need no escaping
  o += "  \"output_length\": " +
       (c && c->has_output_length ? std::to_string(c->output_length) : std::string("null")) + ",\n";
  o += "  \"snapshots\": {";
  bool first = true;
  for (const auto& [name, epochs] : members) {
    o += first ? "\n" : ",\n";
    first = false;
    o += "    \"" + name + "\": [";
    for (size_t i = 0; i < epochs.size(); ++i) o += (i ? ", " : "") + std::to_string(epochs[i]);
    o += "]";
  }
  o += first ? "}\n" : "\n  }\n";
  return o + "}\n";
}

}  // namespace sp
