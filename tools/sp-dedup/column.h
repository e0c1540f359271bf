// A fixed-size array of trivially copyable T in anonymous memory (zeroed
// lazily by the kernel). The seen-key table keeps one Column per per-key
// field, so a key costs only the fields the options need; release_below()
// hands memory back while a growing table migrates out of it.
#pragma once
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "libcommon/huge_pages.h"

namespace sp {

template <class T>
class Column {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  Column() = default;
  explicit Column(size_t n) : size_(n) {
    if (n == 0) return;
    // Lookups land at random slots: huge pages spare most TLB misses.
    data_ = static_cast<T*>(map_huge(bytes()));
  }
  Column(Column&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  Column& operator=(Column&& o) noexcept {
    if (this != &o) {
      reset();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }
  Column(const Column&) = delete;
  Column& operator=(const Column&) = delete;
  ~Column() { reset(); }

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  size_t size() const { return size_; }
  bool allocated() const { return data_ != nullptr; }

  // Returns the memory of elements [0, n) to the kernel; they must not be
  // read again (they would read as zero).
  void release_below(size_t n) {
    if (!data_) return;
    size_t len = (n * sizeof(T)) & ~size_t{4095};
    if (len) madvise(data_, len, MADV_DONTNEED);
  }

 private:
  size_t bytes() const { return size_ * sizeof(T); }
  void reset() {
    unmap_huge(data_, bytes());
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace sp
