// The checkpoint directory shared by the members of a pipeline
// (--checkpoint-dir DIR). Each member owns the files named after it:
//
//   DIR/NAME.lock          locked (flock) while member NAME runs, so two
//                          members cannot share a name or a directory twice
//   DIR/NAME.EPOCH.ckpt    NAME's snapshot for barrier EPOCH (checkpoint.h)
//   DIR/NAME.end           "sp-end EPOCH": NAME's input ended after barrier
//                          EPOCH (written by members with --pipeline)
//
// and the pipeline's sink (its last member) owns
//
//   DIR/COMMIT             the last committed epoch (text, written atomically):
//                            sp-commit 1
//                            epoch 12
//                            sink sp-window
//                            output_length 4096      (or "none" for stdout)
//                            checksum 0123456789abcdef (xxh3 of the lines above)
//
// An epoch is committed once the sink has fsynced its output and written
// COMMIT for it; every member wrote its snapshot for that epoch before the
// barrier reached the sink. On restart every member restores its snapshot of
// the committed epoch; snapshots of other epochs are removed (older ones
// also while running, as soon as a newer epoch is committed).
//
// A pipeline with two sources (sp-join --right) goes on committing epochs
// after one source ended: that source's end marker then names an epoch
// older than the committed one, and on restart the source (and the members
// between it and sp-join) restore their snapshot of that epoch and only
// pass the end marker on, as they did before the crash.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/checkpoint.h"

namespace sp {

struct PipelineCommit {
  uint64_t epoch = 0;
  std::string sink;
  bool has_output_length = false;
  uint64_t output_length = 0;
  friend bool operator==(const PipelineCommit&, const PipelineCommit&) = default;
};

std::string serialize_commit(const PipelineCommit& c);
// `name` is used in error messages. Throws CheckpointError for anything but
// an exact, checksum-verified commit record.
PipelineCommit parse_commit(std::string_view text, const std::string& name);

// Checks a member name: letters, digits, '.', '_' and '-', not "COMMIT".
// Throws UsageError.
void check_member_name(const std::string& name);

class PipelineDir {
 public:
  // Creates DIR if needed and locks NAME in it. A member of a previous run
  // may still be exiting: the lock is awaited for a few seconds, then an
  // IoError says another member of that name is running.
  PipelineDir(std::string dir, std::string name);
  ~PipelineDir();
  PipelineDir(const PipelineDir&) = delete;
  PipelineDir& operator=(const PipelineDir&) = delete;

  const std::string& dir() const { return dir_; }
  const std::string& name() const { return name_; }
  std::string commit_path() const { return dir_ + "/COMMIT"; }
  std::string snapshot_path(uint64_t epoch) const;

  // The commit record, if the pipeline committed an epoch yet.
  std::optional<PipelineCommit> read_commit() const;
  void write_commit(const PipelineCommit& c) const;

  // This member's snapshot for `epoch`; a missing file is a CheckpointError
  // explaining that the member did not take part in that epoch.
  Checkpoint read_snapshot(uint64_t epoch) const;
  void write_snapshot(uint64_t epoch, const Checkpoint& c) const;

  // This member's end marker: the epoch after which its input ended.
  std::optional<uint64_t> read_end() const;
  void write_end(uint64_t epoch) const;
  void remove_end() const;
  bool has_snapshot(uint64_t epoch) const;

  // Removes this member's snapshots (and dead writers' temp files) whose
  // epoch is not `keep` (restart), or is below `keep` (while running).
  void remove_snapshots_except(uint64_t keep) const;
  void remove_snapshots_before(uint64_t keep) const;

  // The epochs of this member's snapshot files, ascending.
  std::vector<uint64_t> snapshot_epochs() const;

 private:
  void remove_snapshots(uint64_t keep, bool only_older) const;

  std::string dir_;
  std::string name_;
  int lock_fd_ = -1;
};

// --show-checkpoint DIR: the commit record and the snapshots present, as
// one deterministic JSON object (a trailing newline).
std::string pipeline_dir_to_json(const std::string& dir);

}  // namespace sp
