#include "tools/sp-partition/child_pipes.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"

extern char** environ;

namespace sp {
namespace {

constexpr size_t kMaxPending = 1 << 20;   // wait for the child beyond this
constexpr int kPipeSize = 1 << 20;        // fewer, larger transfers and wake-ups than the default 64 KiB
constexpr size_t kReadSize = 1 << 20;

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Newlines in `text`, a line at a time (memchr is far quicker here than a
// byte loop).
size_t count_lines(std::string_view text) {
  size_t lines = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)))) != nullptr) {
    ++lines;
    ++p;
  }
  return lines;
}

// Best effort: the kernel may refuse (fs.pipe-max-size, the per-user pipe
// budget); the default size works, only with more wake-ups.
void enlarge_pipe(int fd) { ::fcntl(fd, F_SETPIPE_SZ, kPipeSize); }

}  // namespace

ChildPipes::ChildPipes(const std::vector<std::string>& argv, uint32_t partitions)
    : name_(argv.front()), children_(partitions), read_buf_(kReadSize) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "SP_PARTITION=", 13) != 0 && std::strncmp(*e, "SP_PARTITIONS=", 14) != 0) env_strings.emplace_back(*e);
  }
  env_strings.emplace_back("SP_PARTITIONS=" + std::to_string(partitions));
  env_strings.emplace_back();
  for (uint32_t i = 0; i < partitions; ++i) {
    env_strings.back() = "SP_PARTITION=" + std::to_string(i);
    std::vector<char*> env;
    for (auto& s : env_strings) env.push_back(s.data());
    env.push_back(nullptr);
    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
      const int err = errno;
      throw IoError(file_error("--exec", "create a pipe", err, FileAccess::Write));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);  // children see SIGPIPE as usual
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(to_child[0]);
    ::close(from_child[1]);
    if (rc != 0) {
      ::close(to_child[1]);
      ::close(from_child[0]);
      throw IoError("--exec: cannot run " + name_ + ": " + std::strerror(rc) +
                    "; check that the command exists, is executable and is on PATH");
    }
    Child& c = children_[i];
    c.pid = pid;
    c.in = to_child[1];
    c.out = from_child[0];
    enlarge_pipe(c.in);
    enlarge_pipe(c.out);
    set_nonblocking(c.in);
    set_nonblocking(c.out);
  }
}

ChildPipes::~ChildPipes() {
  for (Child& c : children_) {
    if (c.in >= 0) ::close(c.in);
    if (c.out >= 0) ::close(c.out);
    if (c.pid > 0) {
      ::kill(c.pid, SIGTERM);
      int status;
      ::waitpid(c.pid, &status, 0);
    }
  }
}

void ChildPipes::close_input(Child& c) {
  if (c.in >= 0) ::close(c.in);
  c.in = -1;
}

void ChildPipes::write_some(Child& c) {
  while (c.in >= 0 && c.pending_pos < c.pending.size()) {
    ssize_t n = ::write(c.in, c.pending.data() + c.pending_pos, c.pending.size() - c.pending_pos);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      if (errno == EPIPE) {  // it stopped reading (like head); its exit status decides
        c.input_broken = true;
        close_input(c);
        break;
      }
      throw IoError("--exec: writing to " + name_ + " (partition " + std::to_string(&c - children_.data()) +
                    "): " + std::strerror(errno));
    }
    c.pending_pos += static_cast<size_t>(n);
  }
  if (c.pending_pos == c.pending.size() || c.in < 0) {
    c.pending.clear();
    c.pending_pos = 0;
  } else if (c.pending_pos >= kMaxPending) {  // keep the buffer bounded
    c.pending.erase(0, c.pending_pos);
    c.pending_pos = 0;
  }
}

void ChildPipes::read_some(Child& c, const LineSink& sink) {
  const uint32_t partition = static_cast<uint32_t>(&c - children_.data());
  for (;;) {
    ssize_t n = ::read(c.out, read_buf_.data(), read_buf_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      throw IoError("--exec: reading from " + name_ + ": " + std::strerror(errno));
    }
    if (n == 0) {  // its stdout closed: a last line without newline still counts
      if (!c.partial.empty()) {
        c.partial.push_back('\n');
        sink(partition, c.partial, 1);
      }
      c.partial.clear();
      ::close(c.out);
      c.out = -1;
      return;
    }
    std::string_view chunk(read_buf_.data(), static_cast<size_t>(n));
    const char* last = static_cast<const char*>(::memrchr(chunk.data(), '\n', chunk.size()));
    if (last == nullptr) {
      c.partial.append(chunk);
      continue;
    }
    const size_t end = static_cast<size_t>(last - chunk.data()) + 1;  // just past the last newline
    std::string_view whole = chunk.substr(0, end);
    if (!c.partial.empty()) {  // finish the line begun in an earlier read
      size_t first = whole.find('\n');
      c.partial.append(whole.substr(0, first + 1));
      sink(partition, c.partial, 1);
      c.partial.clear();
      whole.remove_prefix(first + 1);
    }
    if (!whole.empty()) sink(partition, whole, count_lines(whole));
    c.partial.append(chunk.substr(end));
  }
}

void ChildPipes::poll_once(int timeout_ms, const LineSink& sink, bool want_writes) {
  std::vector<pollfd> fds;
  std::vector<std::pair<Child*, bool>> who;  // child, is-output
  fds.reserve(children_.size() * 2);
  for (Child& c : children_) {
    if (c.out >= 0) {
      fds.push_back({c.out, POLLIN, 0});
      who.push_back({&c, true});
    }
    if (want_writes && c.in >= 0 && c.pending_pos < c.pending.size()) {
      fds.push_back({c.in, POLLOUT, 0});
      who.push_back({&c, false});
    }
  }
  if (fds.empty()) return;
  int n = ::poll(fds.data(), fds.size(), timeout_ms);
  if (n < 0) {
    if (errno == EINTR) return;
    throw IoError(std::string("--exec: poll failed: ") + std::strerror(errno));
  }
  for (size_t i = 0; i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    if (who[i].second) read_some(*who[i].first, sink);
    else write_some(*who[i].first);
  }
}

void ChildPipes::write_line(uint32_t partition, std::string_view record, const LineSink& sink) {
  Child& c = children_[partition];
  if (c.in < 0) return;  // it closed its input; the record is dropped like `head` drops the rest
  c.pending.append(record);
  c.pending.push_back('\n');
  if (c.pending.size() - c.pending_pos < c.write_at) return;
  write_some(c);
  // Take what the children printed meanwhile: a child whose stdout pipe is
  // full stops working until we read it, and otherwise we would read only
  // once some child's input backs up.
  for (Child& other : children_) {
    if (other.out >= 0) read_some(other, sink);
  }
  while (c.in >= 0 && c.pending.size() - c.pending_pos >= kMaxPending) {
    poll_once(-1, sink, true);
  }
  // A full pipe takes nothing until the child reads: try again once another
  // kFlushAt is queued, not at every record (a failed write is a system call).
  c.write_at = c.pending.size() - c.pending_pos + kFlushAt;
}

void ChildPipes::write_line_to_all(std::string_view line, const LineSink& sink) {
  for (uint32_t p = 0; p < children_.size(); ++p) {
    write_line(p, line, sink);
    write_some(children_[p]);  // a control line should not wait for more records
  }
}

void ChildPipes::pump_now(const LineSink& sink) {
  for (Child& c : children_) write_some(c);
  poll_once(0, sink, false);
}

void ChildPipes::finish(const LineSink& sink) {
  for (;;) {
    bool pending = false;
    for (Child& c : children_) {
      write_some(c);
      if (c.in >= 0 && c.pending_pos < c.pending.size()) pending = true;
      else close_input(c);
    }
    if (!pending) break;
    poll_once(-1, sink, true);
  }
  for (;;) {
    bool open = false;
    for (Child& c : children_) open = open || c.out >= 0;
    if (!open) break;
    poll_once(-1, sink, false);
  }
  std::string failure;
  for (size_t i = 0; i < children_.size(); ++i) {
    Child& c = children_[i];
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    c.pid = -1;
    if (!failure.empty()) continue;
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      failure = "--exec: " + name_ + " for partition " + std::to_string(i) + " exited with status " +
                std::to_string(WEXITSTATUS(status)) + "; see its own messages above, if any";
    } else if (WIFSIGNALED(status)) {
      failure = "--exec: " + name_ + " for partition " + std::to_string(i) + " was killed by signal " +
                std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + "); see its own "
                "messages above, if any";
    }
  }
  if (!failure.empty()) throw IoError(failure);
}

}  // namespace sp
