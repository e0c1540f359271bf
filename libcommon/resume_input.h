// Checks, before a resume, that an input file is the one a checkpoint was
// taken on: the same file (possibly grown since), or a copy whose first
// bytes hash the same (e.g. restored from a backup), at least as long as
// the saved offset.
#pragma once
#include <cstdint>
#include <string>

#include "libcommon/checkpoint.h"

namespace sp {

// `path`: the input now; `saved`/`saved_name`: what the checkpoint recorded;
// `from`: the checkpoint file, for messages; `follow`: a followed input may
// be shorter (it was rotated). Throws CheckpointError (or IoError when the
// file cannot be read).
void check_resume_input(const std::string& path, const InputIdentity& saved, const std::string& saved_name,
                        uint64_t offset, bool follow, const std::string& from);

}  // namespace sp
