// Memory for large tables probed at random (hash indexes, row arrays):
// anonymous mappings aligned to and advised for 2 MiB transparent huge
// pages, so a lookup costs a cache miss but rarely also a TLB miss. Where
// transparent huge pages are off, the advice is a no-op.
#pragma once
#include <cstddef>
#include <memory>

namespace sp {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// `bytes` of zeroed memory (lazily, by the kernel); from kHugePageBytes up,
// 2 MiB aligned and advised for huge pages (below that, a huge page would
// cost more memory than it saves misses). Throws std::bad_alloc. Release
// with unmap_huge(p, bytes), the same `bytes`.
void* map_huge(size_t bytes);
void unmap_huge(void* p, size_t bytes);

// An allocator for containers that can grow large: allocations of at least
// kHugePageBytes come from map_huge, smaller ones from the heap.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>().allocate(n);
    return static_cast<T*>(map_huge(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kHugePageBytes) {
      std::allocator<T>().deallocate(p, n);
    } else {
      unmap_huge(p, n * sizeof(T));
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace sp
