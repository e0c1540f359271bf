// The output files of sp-partition: one per partition (or per value with
// --by-value), at most --max-open-files open at once (the least recently
// written is closed and later reopened for append), and their lengths for
// checkpoints, so a resumed run truncates each file back to what the
// checkpoint covered.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libcommon/write_behind.h"
#include "tools/sp-partition/partition_writer.h"

namespace sp {

class StateWriter;
class StateReader;

class FileTable {
 public:
  // `partitions` > 0: files {partition}=0..N-1; 0: files made per value,
  // at most `max_values` of them (DataError naming --max-values past it).
  FileTable(std::string output_template, uint32_t partitions, size_t max_open_files, size_t max_values = 0);
  ~FileTable();

  // The file for a value (created on first use, encoded into the template).
  uint32_t entry_for_value(std::string_view value);
  void write(uint32_t entry, std::string_view record);

  // Ends zstd frames, flushes and fsyncs every written file, and records
  // each file's length (for a checkpoint).
  void snapshot(StateWriter& out);
  void restore(StateReader& in);
  // Input quiet (tail -F): flush every open file so readers see the records.
  void flush_open();
  // End of input: every partition file exists (empty ones too), all flushed.
  void finish();

  size_t size() const { return entries_.size(); }
  uint64_t records(uint32_t entry) const { return entries_[entry].records; }
  const std::string& path(uint32_t entry) const { return entries_[entry].path; }

 private:
  enum class OpenMode : uint8_t { Fresh, Resume, Append };
  struct Entry {
    std::string value;
    std::string path;
    std::unique_ptr<PartitionWriter> writer;
    uint64_t length = 0;   // while closed: the file's length
    uint64_t records = 0;  // written this run
    OpenMode mode = OpenMode::Fresh;
    bool dirty = false;    // written since the last fsync
    int32_t prev = -1, next = -1;  // LRU list of open files (head: most recent)
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };

  uint32_t add_entry(std::string value, std::string path);
  void open(uint32_t entry);
  void close(uint32_t entry);
  void touch(uint32_t entry);
  void unlink_lru(uint32_t entry);

  std::string template_;
  // Writes full file buffers on another core; started with the first file
  // (declared before entries_, so it outlives their writers).
  std::unique_ptr<WriteBehind> write_behind_;
  uint32_t partitions_;
  size_t max_open_;
  size_t max_values_;
  size_t open_count_ = 0;
  int32_t lru_head_ = -1, lru_tail_ = -1;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> by_value_;
};

// Creates the directories leading to `path` (like mkdir -p of its parent).
void make_parent_dirs(const std::string& path);

}  // namespace sp
