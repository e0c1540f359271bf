// sp-dedup's operator: drops records whose key was seen before (exact, with
// a 128-bit hash per key, or approximate with a Bloom filter), with optional
// horizons (--within, --within-records), bounds (--max-keys) and
// --keep last / --count-field / --duplicates.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "libcommon/operator.h"
#include "tools/sp-dedup/batch_hashes.h"
#include "tools/sp-dedup/bloom_filter.h"
#include "tools/sp-dedup/dedup_options.h"
#include "tools/sp-dedup/key_extractor.h"
#include "tools/sp-dedup/seen_table.h"

namespace sp {

class DedupOperator final : public Operator {
 public:
  explicit DedupOperator(DedupConfig config);

  void on_record(const Record& record, Context& ctx) override;
  // Hashes the keys of the whole batch, so that on_record can prefetch what
  // the records a few places ahead will touch (a table slot in exact mode,
  // the Bloom filter's k words with --approx) and the cache misses of a
  // large table overlap.
  bool on_batch(const std::vector<InputLine>& lines) override;
  void on_watermark(Nanos watermark, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  void snapshot(StateWriter& out) const override;
  void restore(StateReader& in) override;
  std::string state_options() const override { return config_.state_options(); }
  bool wants_json() const override { return extractor_.needs_json() && !own_json_; }
  void report_status(StatusSink& sink) const override {
    if (table_) sink.gauge("keys", table_->size());
  }

 private:
  struct Counters {
    uint64_t* unique;
    uint64_t* duplicates;
    uint64_t* no_key;
    uint64_t* expired;
    uint64_t* evicted;
    uint64_t* keys;
  };
  void bind(Context& ctx);
  // The record's key hash; false when it has none (then it was rejected or
  // passed on as no_key).
  bool hash_key(const Record& record, JsonRecord& json, Context& ctx, Hash128& hash);
  // The key hash of a batch line, or Hash128{} when on_record must work it
  // out (and reject the record, or count it no_key).
  Hash128 hash_ahead(const InputLine& line);
  void on_key(const Record& record, Hash128 key, Context& ctx);
  void on_key_approx(const Record& record, Hash128 key, Context& ctx);
  bool is_expired(uint32_t slot, Nanos watermark);
  // Forgets the key in `slot`, emitting its held record under --keep last.
  void forget(uint32_t slot, uint64_t& counter, Context& ctx);
  void emit_held(uint32_t slot, Context& ctx);
  void expire_oldest(Nanos watermark, Context& ctx);
  bool has_horizon() const { return config_.within || config_.within_records; }
  void prefetch(Hash128 key) const {
    if (table_) table_->prefetch(key);
    if (bloom_) bloom_->prefetch(key);
  }

  DedupConfig config_;
  KeyExtractor extractor_;
  std::optional<SeenTable> table_;
  std::optional<BloomFilter> bloom_;
  std::optional<Counters> counters_;
  bool hash_batches_ = false;              // on_batch hashes keys ahead
  BatchHashes batch_;
  // The parser of records when sp-dedup parses them itself, in on_batch
  // (the driver would parse each one again just before on_record).
  std::unique_ptr<JsonRecord> own_json_;
  uint64_t seq_ = 0;          // records handled, for --within-records (kept across runs)
  std::string problem_;
  std::string out_;            // a held record with --count-field added
  std::string count_member_;   // ,"NAME":
};

}  // namespace sp
