// A regular input file read through a read-only memory map instead of
// read(): the lines are split and parsed where the page cache holds them,
// which saves the copy of every byte into a buffer of our own (a tenth of
// the CPU of a tool that does little else per record).
//
// The map ends with at least SIMDJSON_PADDING readable bytes (zeros or
// whatever the file holds there), so every line in it can be parsed in
// place.
//
// A file that shrinks while mapped (truncated or rewritten in place) raises
// SIGBUS on the next read of a page it lost, as does a device error. A
// handler turns that into an error naming the file and the byte, and exit
// status 1; the run stops without a checkpoint, as after any failure.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace sp {

class MappedFile {
 public:
  // Maps bytes [offset, offset + length) of the open regular file `fd`.
  // Returns nullptr when that cannot be done (length 0, a file system
  // without mmap, too many maps at once): the caller reads instead.
  // `subject` names the file in the truncation error ("--input in.ndjson").
  static std::unique_ptr<MappedFile> map(int fd, uint64_t offset, uint64_t length, std::string_view subject);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }  // the byte at `offset`
  uint64_t length() const { return length_; }

  // The bytes before data() + pos will not be read again soon: their pages
  // leave this process's memory (a read of them faults them back in from the
  // page cache, so this is safe to call early). Keeps the resident size of
  // a long file bounded.
  void release_before(uint64_t pos);

 private:
  MappedFile() = default;

  char* region_ = nullptr;  // page-aligned start of the map
  size_t region_len_ = 0;   // the file's pages and the padding pages after them
  const char* data_ = nullptr;
  uint64_t length_ = 0;
  size_t released_ = 0;     // bytes of region_ given back so far
  int slot_ = -1;           // in the SIGBUS handler's table
};

}  // namespace sp
