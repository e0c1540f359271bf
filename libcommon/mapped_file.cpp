#include "libcommon/mapped_file.h"

#include <errno.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>

#include "libcommon/errors.h"

namespace sp {
namespace {

// The maps the SIGBUS handler knows. A reader whose map finds no free slot
// reads instead, so the limit only bounds this table.
struct Slot {
  std::atomic<uintptr_t> begin{0}, end{0};  // the file's pages in memory; 0: free
  uint64_t file_offset = 0;                 // of `begin`
  char message[512];                        // "<program>: <subject>: "
  size_t message_len = 0;
};
constexpr size_t kSlots = 16;
std::array<Slot, kSlots> g_slots;
std::mutex g_slots_mutex;  // taking and freeing slots; the handler only reads
struct sigaction g_previous_sigbus {};

void write_all(const char* text, size_t len) {
  while (len > 0) {
    ssize_t n = ::write(STDERR_FILENO, text, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text += n;
    len -= static_cast<size_t>(n);
  }
}

// Async-signal-safe decimal.
void write_number(uint64_t value) {
  char digits[24];
  size_t at = sizeof digits;
  do {
    digits[--at] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  write_all(digits + at, sizeof digits - at);
}

void on_sigbus(int signal, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (const Slot& slot : g_slots) {
    const uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    if (begin == 0 || addr < begin || addr >= slot.end.load(std::memory_order_relaxed)) continue;
    static constexpr char kByte[] = "byte ";
    static constexpr char kWhy[] = " of the file could not be read: it shrank while it was being read "
                                   "(truncated or rewritten in place), or the device failed; stopping\n";
    write_all(slot.message, slot.message_len);
    write_all(kByte, sizeof kByte - 1);
    write_number(slot.file_offset + (addr - begin));
    write_all(kWhy, sizeof kWhy - 1);
    _exit(kExitDataOrIo);
  }
  // Not a map of ours: whatever handled SIGBUS before, or the default
  // action once the faulting read runs again.
  if ((g_previous_sigbus.sa_flags & SA_SIGINFO) && g_previous_sigbus.sa_sigaction) {
    g_previous_sigbus.sa_sigaction(signal, info, context);
    return;
  }
  if (g_previous_sigbus.sa_handler != SIG_DFL && g_previous_sigbus.sa_handler != SIG_IGN &&
      g_previous_sigbus.sa_handler != nullptr) {
    g_previous_sigbus.sa_handler(signal);
    return;
  }
  ::signal(SIGBUS, SIG_DFL);
}

void install_sigbus_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO;
    ::sigaction(SIGBUS, &action, &g_previous_sigbus);
  });
}

int take_slot(uintptr_t begin, uintptr_t end, uint64_t file_offset, std::string_view subject) {
  std::lock_guard lock(g_slots_mutex);
  for (size_t i = 0; i < kSlots; ++i) {
    Slot& slot = g_slots[i];
    if (slot.begin.load(std::memory_order_relaxed) != 0) continue;
    std::string prefix = std::string(program_invocation_short_name) + ": " + std::string(subject) + ": ";
    slot.message_len = std::min(prefix.size(), sizeof slot.message);
    std::memcpy(slot.message, prefix.data(), slot.message_len);
    slot.file_offset = file_offset;
    slot.end.store(end, std::memory_order_relaxed);
    slot.begin.store(begin, std::memory_order_release);
    return static_cast<int>(i);
  }
  return -1;
}

void free_slot(int i) {
  std::lock_guard lock(g_slots_mutex);
  g_slots[static_cast<size_t>(i)].begin.store(0, std::memory_order_release);
}

size_t page_size() {
  static const size_t size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

size_t round_up(size_t n, size_t page) { return (n + page - 1) / page * page; }

}  // namespace

std::unique_ptr<MappedFile> MappedFile::map(int fd, uint64_t offset, uint64_t length, std::string_view subject) {
  if (length == 0) return nullptr;
  const size_t page = page_size();
  const uint64_t aligned = offset / page * page;
  const size_t lead = static_cast<size_t>(offset - aligned);
  const size_t file_len = round_up(lead + length, page);
  // The padding comes from anonymous pages right after the file's: the map
  // is reserved whole first, then the file is mapped over its start.
  const size_t region_len = round_up(lead + length + simdjson::SIMDJSON_PADDING, page);
  void* region = ::mmap(nullptr, region_len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return nullptr;
  if (::mmap(region, file_len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, static_cast<off_t>(aligned)) == MAP_FAILED) {
    ::munmap(region, region_len);
    return nullptr;
  }
  install_sigbus_handler();
  const auto begin = reinterpret_cast<uintptr_t>(region);
  const int slot = take_slot(begin, begin + file_len, aligned, subject);
  if (slot < 0) {
    ::munmap(region, region_len);
    return nullptr;
  }
  ::madvise(region, file_len, MADV_SEQUENTIAL);  // a hint: read ahead further
  std::unique_ptr<MappedFile> mapped(new MappedFile);
  mapped->region_ = static_cast<char*>(region);
  mapped->region_len_ = region_len;
  mapped->data_ = mapped->region_ + lead;
  mapped->length_ = length;
  mapped->released_ = 0;
  mapped->slot_ = slot;
  return mapped;
}

MappedFile::~MappedFile() {
  free_slot(slot_);
  ::munmap(region_, region_len_);
}

void MappedFile::release_before(uint64_t pos) {
  // Only whole pages of the file, a few MiB at a time: each call is a
  // system call and a TLB flush.
  constexpr size_t kStep = 4 << 20;
  const size_t upto = static_cast<size_t>(std::min(pos, length_)) + static_cast<size_t>(data_ - region_);
  const size_t aligned = upto / page_size() * page_size();
  if (aligned < released_ + kStep) return;
  ::madvise(region_ + released_, aligned - released_, MADV_DONTNEED);
  released_ = aligned;
}

}  // namespace sp
