#include "tools/sp-dedup/dedup_operator.h"

#include <cmath>

#include "libcommon/errors.h"
#include "libcommon/json_writer.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {
constexpr uint8_t kStateVersion = 1;
// How many records ahead a table slot is prefetched. Measured on 10M keys
// (tests/bench/README.md): 16 beats 8 and 32; prefetching a whole batch
// (~4000 slots) at once gained nothing.
constexpr size_t kPrefetchDistance = 16;

bool starts_object(std::string_view text) {
  size_t first = text.find_first_not_of(" \t");
  return first != std::string_view::npos && text[first] == '{';
}
}  // namespace

DedupOperator::DedupOperator(DedupConfig config) : config_(std::move(config)), extractor_(config_.fields, config_.raw) {
  if (config_.approx) {
    bloom_ = config_.approx_bits ? BloomFilter::for_bits(config_.approx_bits, config_.max_keys)
                                 : BloomFilter::for_capacity(config_.max_keys, config_.fp_rate);
  } else {
    table_.emplace(SeenTableLayout{.order = config_.max_keys || has_horizon() || config_.keep_last,
                                   .stamp = has_horizon(),
                                   .count = !config_.count_field.empty(),
                                   .held = config_.keep_last,
                                   .max_keys = config_.max_keys});
  }
  if (!extractor_.needs_json()) {
    hash_batches_ = true;
  } else if (!config_.event_time) {
    // Parsing in on_batch instead of the driver costs nothing extra: without
    // --time-field the driver would parse only for us. And a plain key is
    // found without parsing at all (KeyExtractor::scan).
    own_json_ = std::make_unique<JsonRecord>();
    hash_batches_ = true;
  }
  if (!config_.count_field.empty()) {
    count_member_ = ",";
    append_json_string(count_member_, config_.count_field);
    count_member_ += ':';
  }
}

void DedupOperator::bind(Context& ctx) {
  if (counters_) return;
  Stats& s = ctx.stats();
  // Registered together so --stats lists them in one fixed order.
  counters_ = Counters{&s.counter("unique"),  &s.counter("duplicates"), &s.counter("no_key"),
                       &s.counter("expired"), &s.counter("evicted"),    &s.counter("keys")};
  if (bloom_) {
    s.counter("approx_bits") = bloom_->bits();
    s.counter("approx_hashes") = bloom_->hashes();
    s.counter("approx_fp_rate_ppm");
  }
}

bool DedupOperator::on_batch(const std::vector<InputLine>& lines) {
  batch_.clear();
  if (!hash_batches_) return false;
  for (const InputLine& line : lines) {
    Hash128 h = hash_ahead(line);
    batch_.add(line.text, h);
  }
  for (size_t d = 1; d <= kPrefetchDistance; ++d) {
    if (const Hash128* h = batch_.ahead(d)) prefetch(*h);
  }
  return false;  // the reader checked the lines' encoding, not us
}

Hash128 DedupOperator::hash_ahead(const InputLine& line) {
  if (line.issue != LineIssue::None || !starts_object(line.text)) return {};
  std::string_view key = line.text;  // --raw on the whole record: its bytes
  if (own_json_ && !extractor_.scan(line.text, key)) {
    if (own_json_->load(line.text) || extractor_.extract(line.text, *own_json_, key, problem_) != KeyStatus::Ok) {
      return {};
    }
  }
  return key_hash(key);
}

void DedupOperator::on_record(const Record& record, Context& ctx) {
  bind(ctx);
  const Hash128* ready = batch_.take(record.text);
  if (!ready && own_json_) {
    // The driver leaves parsing to us: reject invalid JSON as it would,
    // before the record counts for --within-records.
    if (auto error = own_json_->load(record.text)) {
      ctx.reject(record, std::string("invalid JSON: ") + simdjson::error_message(error));
      return;
    }
  }
  ++seq_;
  Hash128 h;
  if (ready) {
    h = *ready;
    if (const Hash128* later = batch_.ahead(kPrefetchDistance)) prefetch(*later);
  } else if (!hash_key(record, own_json_ ? *own_json_ : ctx.json(), ctx, h)) {
    return;
  }
  if (bloom_) {
    on_key_approx(record, h, ctx);
    return;
  }
  on_key(record, h, ctx);
  if (config_.within_records) expire_oldest(kNoTime, ctx);
}

bool DedupOperator::hash_key(const Record& record, JsonRecord& json, Context& ctx, Hash128& hash) {
  if (!starts_object(record.text)) {
    ctx.reject(record, "not a JSON object");
    return false;
  }
  std::string_view key;
  switch (extractor_.extract(record.text, json, key, problem_)) {
    case KeyStatus::Invalid:
      ctx.reject(record, problem_);
      return false;
    case KeyStatus::Missing:
      if (config_.require_key) {
        ctx.reject(record, problem_ + " (--require-key)");
      } else {
        ++*counters_->no_key;
        if (!config_.duplicates) ctx.emit_input(record);
      }
      return false;
    case KeyStatus::Ok:
      break;
  }
  hash = key_hash(key);
  return true;
}

void DedupOperator::on_key_approx(const Record& record, Hash128 key, Context& ctx) {
  bool seen = bloom_->test_and_add(key);
  if (seen) {
    ++*counters_->duplicates;
    if (config_.duplicates) ctx.emit_input(record);
  } else {
    ++*counters_->unique;
    if (!config_.duplicates) ctx.emit_input(record);
  }
}

void DedupOperator::on_key(const Record& record, Hash128 key, Context& ctx) {
  SeenTable& table = *table_;
  Nanos watermark = kNoTime;
  if (config_.within) {
    // The watermark including this record, as the driver will have it next.
    watermark = ctx.watermark();
    if (record.event_time != kNoTime) {
      Nanos candidate = record.event_time - config_.max_delay;
      if (watermark == kNoTime || candidate > watermark) watermark = candidate;
    }
  }
  uint32_t slot = table.find(key);
  if (slot != SeenTable::kNone && has_horizon() && is_expired(slot, watermark)) {
    forget(slot, *counters_->expired, ctx);
    slot = SeenTable::kNone;
  }
  if (slot == SeenTable::kNone) {
    if (table.full()) forget(table.oldest(), *counters_->evicted, ctx);
    slot = table.insert(key);
    ++*counters_->unique;
    if (config_.within) table.stamp(slot) = record.event_time;
    if (config_.within_records) table.stamp(slot) = static_cast<int64_t>(seq_);
    if (table.layout().count) table.count(slot) = 1;
    if (config_.keep_last) {
      table.held(slot).assign(record.text);
    } else if (!config_.duplicates) {
      ctx.emit_input(record);
    }
    return;
  }
  ++*counters_->duplicates;
  table.touch(slot);
  if (config_.within && record.event_time > table.stamp(slot)) table.stamp(slot) = record.event_time;
  if (config_.within_records) table.stamp(slot) = static_cast<int64_t>(seq_);
  if (table.layout().count) ++table.count(slot);
  if (config_.keep_last) {
    table.held(slot).assign(record.text);
  } else if (config_.duplicates) {
    ctx.emit_input(record);
  }
}

bool DedupOperator::is_expired(uint32_t slot, Nanos watermark) {
  if (config_.within) return watermark != kNoTime && watermark - table_->stamp(slot) >= config_.within;
  return seq_ - static_cast<uint64_t>(table_->stamp(slot)) > config_.within_records;
}

void DedupOperator::forget(uint32_t slot, uint64_t& counter, Context& ctx) {
  ++counter;
  if (config_.keep_last) emit_held(slot, ctx);
  table_->erase(slot);
}

void DedupOperator::expire_oldest(Nanos watermark, Context& ctx) {
  while (table_->size() && is_expired(table_->oldest(), watermark)) {
    forget(table_->oldest(), *counters_->expired, ctx);
  }
}

void DedupOperator::emit_held(uint32_t slot, Context& ctx) {
  const std::string& text = table_->held(slot);
  if (config_.count_field.empty()) {
    ctx.emit(text);
    return;
  }
  // Insert the count as the last member: {...} -> {...,"NAME":N}.
  size_t close = text.find_last_not_of(" \t\r");
  if (close == std::string::npos || text[close] != '}') {
    ctx.emit(text);  // not an object we can extend; pass it on unchanged
    return;
  }
  out_.assign(text, 0, close);
  size_t last = out_.find_last_not_of(" \t\r\n");
  bool empty_object = last != std::string::npos && out_[last] == '{';
  out_.append(count_member_, empty_object ? 1 : 0, std::string::npos);
  append_json_number(out_, table_->count(slot));
  out_ += '}';
  ctx.emit(out_);
}

void DedupOperator::on_watermark(Nanos watermark, Context& ctx) {
  if (!config_.within || !table_) return;
  bind(ctx);
  expire_oldest(watermark, ctx);
}

void DedupOperator::on_end(EndKind kind, Context& ctx) {
  bind(ctx);
  if (bloom_) {
    *counters_->keys = bloom_->added();
    ctx.stats().counter("approx_fp_rate_ppm") =
        static_cast<uint64_t>(std::ceil(bloom_->estimated_fp_rate() * 1e6));
    return;
  }
  *counters_->keys = table_->size();
  if (kind == EndKind::Final && config_.keep_last) {
    table_->for_each([&](uint32_t slot) { emit_held(slot, ctx); });
  }
}

void DedupOperator::snapshot(StateWriter& out) const {
  out.u8(kStateVersion);
  out.varint(seq_);
  if (bloom_) {
    bloom_->snapshot(out);
    return;
  }
  SeenTable& table = const_cast<SeenTable&>(*table_);  // accessors hand out references
  out.count(table.size());
  table.for_each([&](uint32_t slot) {
    Hash128 k = table.key(slot);
    out.u64(k.low);
    out.u64(k.high);
    if (table.layout().stamp) out.svarint(table.stamp(slot));
    if (table.layout().count) out.varint(table.count(slot));
    if (table.layout().held) out.str(table.held(slot));
  });
}

void DedupOperator::restore(StateReader& in) {
  if (in.u8() != kStateVersion) throw CheckpointError("checkpoint state has an unknown sp-dedup state version");
  seq_ = in.varint();
  if (bloom_) {
    bloom_->restore(in);
    in.expect_end();
    return;
  }
  SeenTable& table = *table_;
  size_t n = in.count(16);
  table.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Hash128 k{in.u64(), in.u64()};
    // A smaller --max-keys than in the earlier run keeps the newest keys.
    if (table.full()) table.erase(table.oldest());
    uint32_t slot = table.insert(k);
    if (table.layout().stamp) table.stamp(slot) = in.svarint();
    if (table.layout().count) table.count(slot) = in.varint();
    if (table.layout().held) table.held(slot).assign(in.str());
  }
  in.expect_end();
}

}  // namespace sp
