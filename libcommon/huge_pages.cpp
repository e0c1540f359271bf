#include "libcommon/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace sp {

namespace {
size_t round_up(size_t bytes) { return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1); }
}  // namespace

void* map_huge(size_t bytes) {
  if (bytes < kHugePageBytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return p;
  }
  // Map one huge page more than needed, then cut the unaligned head and the
  // tail off, so every 2 MiB of the table can be one huge page.
  const size_t size = round_up(bytes);
  const size_t span = size + kHugePageBytes;
  void* p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto begin = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = (begin + kHugePageBytes - 1) & ~uintptr_t{kHugePageBytes - 1};
  if (aligned > begin) munmap(p, aligned - begin);
  uintptr_t end = begin + span;
  if (end > aligned + size) munmap(reinterpret_cast<void*>(aligned + size), end - (aligned + size));
  madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void unmap_huge(void* p, size_t bytes) {
  if (p) munmap(p, bytes < kHugePageBytes ? bytes : round_up(bytes));
}

}  // namespace sp
