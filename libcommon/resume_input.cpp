#include "libcommon/resume_input.h"

#include <sys/stat.h>

#include <cerrno>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"
#include "libcommon/input.h"

namespace sp {

void check_resume_input(const std::string& path, const InputIdentity& saved, const std::string& saved_name,
                        uint64_t offset, bool follow, const std::string& from) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    const int err = errno;
    throw IoError(file_error("--input " + path, "resume reading it", err, FileAccess::Read));
  }
  bool same_file = saved.dev == static_cast<uint64_t>(st.st_dev) && saved.ino == static_cast<uint64_t>(st.st_ino);
  if (!same_file) {
    InputReader probe(InputOptions{.path = path, .option = "--input"});
    auto id = probe.identity();
    if (id.head_hash != saved.head_hash || id.head_len < saved.head_len) {
      throw CheckpointError(from + ": taken on another input file (" + saved_name +
                            "); use a new checkpoint file, or remove this one to start over");
    }
  }
  if (static_cast<uint64_t>(st.st_size) < offset && !follow) {
    throw CheckpointError(from + ": input " + path + " is shorter (" + std::to_string(st.st_size) +
                          " bytes) than the checkpoint's offset " + std::to_string(offset) +
                          "; was it truncated? Remove the checkpoint to start over");
  }
}

}  // namespace sp
