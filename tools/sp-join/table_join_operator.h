// Stream-table join: each stream record is looked up in the in-memory table
// by its key and written through as its raw bytes with the table row's
// members appended before the closing brace (one output per match; records
// keep their input order).
#pragma once
#include <sys/stat.h>

#include <memory>
#include <string>

#include "libcommon/errors.h"
#include "libcommon/operator.h"
#include "tools/sp-join/join_key.h"
#include "tools/sp-join/join_options.h"
#include "tools/sp-join/join_table.h"

namespace sp {

class TableJoinOperator : public Operator {
 public:
  explicit TableJoinOperator(JoinConfig config);

  void on_record(const Record& record, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  std::string state_options() const override;
  void report_status(StatusSink& sink) const override {
    if (table_) sink.gauge("table_rows", table_->size());
  }

  const JoinTable& table() const { return *table_; }

 private:
  struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = -1;
    int64_t mtime_ns = 0;
    bool operator==(const FileId&) const = default;
  };
  static FileId stat_table(const std::string& path);
  void maybe_reload(Nanos now, Context& ctx);
  void register_counters(Context& ctx);
  void emit_joined(std::string_view text, std::string_view members, uint32_t row, Context& ctx);
  // The stream record's top-level names that clash with added names; fills
  // clash_ids_ and returns whether there are any.
  bool find_clashes(Context& ctx, const Record& record);
  // The error for a clash under --on-clash error (the default), naming
  // where the record is.
  UsageError clash_error(const Record& record, const Context& ctx) const;

  JoinConfig config_;
  std::unique_ptr<JoinTable> table_;
  JoinKey key_;
  std::string key_buf_;
  std::string out_;
  std::string problem_;
  std::vector<uint32_t> clash_ids_;
  std::vector<char> clash_mark_;  // per name id, for keep-table/keep-stream filtering
  // Counters (registered on the first record).
  uint64_t* matched_ = nullptr;
  uint64_t* unmatched_ = nullptr;
  uint64_t* missing_key_ = nullptr;
  uint64_t* table_rows_ = nullptr;
  uint64_t* reloads_ = nullptr;
  uint64_t* reload_failures_ = nullptr;
  // --reload
  FileId file_id_;
  Nanos last_check_ = 0;
  uint32_t since_check_ = 0;
};

}  // namespace sp
