#include "tools/sp-partition/file_table.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"
#include "libcommon/hash.h"
#include "libcommon/state_codec.h"
#include "tools/sp-partition/output_template.h"

namespace sp {

void make_parent_dirs(const std::string& path) {
  size_t slash = path.find('/', 1);
  while (slash != std::string::npos) {
    std::string dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
      const int err = errno;
      throw IoError(
          file_error("--output-template " + path, "create its directory " + dir, err, FileAccess::Write));
    }
    slash = path.find('/', slash + 1);
  }
}

size_t FileTable::Hash::operator()(std::string_view s) const { return hash64(s); }

FileTable::FileTable(std::string output_template, uint32_t partitions, size_t max_open_files, size_t max_values)
    : template_(std::move(output_template)), partitions_(partitions), max_open_(max_open_files), max_values_(max_values) {
  std::string path;
  for (uint32_t p = 0; p < partitions_; ++p) {
    path.clear();
    expand_output_template(template_, std::to_string(p), path);
    add_entry("", path);
  }
}

FileTable::~FileTable() = default;

uint32_t FileTable::add_entry(std::string value, std::string path) {
  entries_.push_back(Entry{});
  Entry& e = entries_.back();
  e.value = std::move(value);
  e.path = std::move(path);
  return static_cast<uint32_t>(entries_.size() - 1);
}

uint32_t FileTable::entry_for_value(std::string_view value) {
  auto it = by_value_.find(value);
  if (it != by_value_.end()) return it->second;
  // Each value costs a file on disk and an entry here: bound both.
  if (max_values_ > 0 && by_value_.size() >= max_values_) {
    throw DataError("more than " + std::to_string(max_values_) +
                    " distinct --by-value values (one output file each); raise --max-values if that many files "
                    "are intended, or partition with --key and -n");
  }
  std::string encoded;
  append_encoded_value(value, encoded);
  std::string path;
  expand_output_template(template_, encoded, path);
  uint32_t id = add_entry(std::string(value), std::move(path));
  by_value_.emplace(std::string(value), id);
  return id;
}

void FileTable::unlink_lru(uint32_t id) {
  Entry& e = entries_[id];
  if (e.prev >= 0) entries_[e.prev].next = e.next; else lru_head_ = e.next;
  if (e.next >= 0) entries_[e.next].prev = e.prev; else lru_tail_ = e.prev;
  e.prev = e.next = -1;
}

void FileTable::touch(uint32_t id) {
  if (lru_head_ == static_cast<int32_t>(id)) return;
  Entry& e = entries_[id];
  if (e.prev >= 0) unlink_lru(id);  // linked and not the head; a newly opened file is not linked yet
  e.next = lru_head_;
  if (lru_head_ >= 0) entries_[lru_head_].prev = static_cast<int32_t>(id);
  lru_head_ = static_cast<int32_t>(id);
  if (lru_tail_ < 0) lru_tail_ = lru_head_;
}

void FileTable::open(uint32_t id) {
  if (open_count_ >= max_open_) close(static_cast<uint32_t>(lru_tail_));
  if (!write_behind_) write_behind_ = std::make_unique<WriteBehind>();
  Entry& e = entries_[id];
  OutputOptions o{.path = e.path,
                  .option = "--output-template",
                  .buffer_size = partitions_ > 0 ? size_t(256) << 10 : size_t(64) << 10,
                  .write_behind = write_behind_.get()};
  switch (e.mode) {
    case OpenMode::Fresh: make_parent_dirs(e.path); break;
    case OpenMode::Resume: make_parent_dirs(e.path); o.truncate_to = e.length; break;
    case OpenMode::Append: o.append = true; break;
  }
  e.writer = std::make_unique<PartitionWriter>(std::move(o));
  e.mode = OpenMode::Append;
  ++open_count_;
  touch(id);
}

void FileTable::close(uint32_t id) {
  Entry& e = entries_[id];
  e.writer->finish();
  e.length = e.writer->length();
  e.writer.reset();
  --open_count_;
  unlink_lru(id);
}

void FileTable::write(uint32_t id, std::string_view record) {
  Entry& e = entries_[id];
  if (!e.writer) open(id);
  else touch(id);
  e.writer->write_line(record);
  e.dirty = true;
  ++e.records;
}

void FileTable::snapshot(StateWriter& out) {
  out.count(entries_.size());
  for (Entry& e : entries_) {
    if (e.writer) {
      e.length = e.writer->commit();
    } else if (e.dirty) {
      int fd = ::open(e.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::fsync(fd) != 0) {
        const int err = errno;
        throw IoError(file_error("--output-template " + e.path, "fsync", err, FileAccess::Write));
      }
      ::close(fd);
    }
    e.dirty = false;
    // A file never opened in this run keeps the length it was restored with
    // (0 for a file not written yet: the resumed run truncates it).
    out.str(e.value);
    out.u64(e.length);
  }
}

void FileTable::restore(StateReader& in) {
  size_t n = in.count(2);
  if (partitions_ > 0 && n != partitions_) throw CheckpointError("checkpoint has " + std::to_string(n) + " partition files, expected " + std::to_string(partitions_));
  for (size_t i = 0; i < n; ++i) {
    std::string_view value = in.str();
    uint64_t length = in.u64();
    uint32_t id = partitions_ > 0 ? static_cast<uint32_t>(i) : entry_for_value(value);
    entries_[id].length = length;
    entries_[id].mode = OpenMode::Resume;
  }
}

void FileTable::flush_open() {
  for (int32_t id = lru_head_; id >= 0; id = entries_[id].next) entries_[id].writer->flush();
}

void FileTable::finish() {
  for (uint32_t id = 0; id < entries_.size(); ++id) {
    Entry& e = entries_[id];
    if (!e.writer && e.mode != OpenMode::Append) open(id);  // an empty partition still gets its file
    if (e.writer) close(id);
  }
}

}  // namespace sp
