#include "tools/sp-dedup/dedup_options.h"

#include <cmath>

#include "libcommon/errors.h"
#include "libcommon/time_range.h"
#include "tools/sp-dedup/seen_table.h"

namespace sp {

void DedupArgs::add_to(CLI::App& app) {
  const auto key_group = "Identity";
  app.add_option("-k,--key", key, "Fields that identify a record, e.g. id or user,session (default: the whole record)")
      ->type_name("F1,F2")->group(key_group);
  app.add_flag("--raw", raw, "Compare the bytes of the record or key fields instead of canonical JSON")
      ->group(key_group);
  app.add_flag("--require-key", require_key, "Reject records that lack a key field (default: pass them through)")
      ->group(key_group);
  const auto horizon_group = "Horizon and memory";
  app.add_option("--within", within, "Forget a key once the watermark is DUR past its last sighting (needs --time-field)")
      ->type_name("DUR")->group(horizon_group);
  app.add_option("--within-records", within_records, "Forget a key after N records without it (1 acts like uniq)")
      ->type_name("N")->check(kWholeNumber)->group(horizon_group);
  app.add_option("--max-keys", max_keys, "Remember at most N keys; forget the least recently seen (default: no limit)")
      ->type_name("N")->check(kWholeNumber)->group(horizon_group);
  app.add_option("--max-memory", max_memory, "Bound the key table to SIZE (e.g. 512MiB); like --max-keys")
      ->type_name("SIZE")->group(horizon_group);
  const auto output_group = "What to emit";
  app.add_option("--keep", keep, "first (emit at once) or last (emit when the key expires or at end) (default first)")
      ->type_name("WHICH")->check(CLI::IsMember({"first", "last"}))->group(output_group);
  app.add_option("--count-field", count_field, "With --keep last: add field NAME with the number of occurrences")
      ->type_name("NAME")->group(output_group);
  app.add_flag("--duplicates", duplicates, "Emit only the duplicates (audit mode) instead of the first occurrences")
      ->group(output_group);
  const auto approx_group = "Approximate mode";
  app.add_flag("--approx", approx, "Fixed-memory Bloom filter sized from --max-keys (default 10M) and --fp-rate")
      ->group(approx_group);
  app.add_option("--fp-rate", fp_rate, "With --approx: rate of unique records wrongly dropped (default 0.001)")
      ->type_name("P")->group(approx_group);
}

DedupConfig resolve_dedup_options(const DedupArgs& a, const CommonOptions& common) {
  DedupConfig c;
  if (!a.key.empty()) c.fields = parse_field_list(a.key, "--key");
  c.raw = a.raw;
  c.require_key = a.require_key;
  if (c.require_key && c.fields.empty()) {
    throw UsageError("--require-key needs --key FIELDS (the fields every record must have)");
  }
  if (!a.within.empty()) {
    c.within = parse_time_span(a.within, "--within");
    if (c.within <= 0) throw UsageError("--within must be greater than 0s, e.g. 10m (got '" + a.within + "')");
    if (common.time_field.empty()) {
      throw UsageError("--within " + a.within + " needs event time: add --time-field FIELD (or use --within-records N)");
    }
  }
  c.within_records = a.within_records;
  if (c.within && c.within_records) throw UsageError("--within and --within-records exclude each other; pick one horizon");
  c.max_delay = parse_time_span(common.max_delay, "--max-delay");
  c.event_time = !common.time_field.empty();
  c.keep_last = a.keep == "last";
  c.count_field = a.count_field;
  if (!c.count_field.empty() && !c.keep_last) {
    throw UsageError("--count-field needs --keep last (a record kept first is emitted before its count is known)");
  }
  c.duplicates = a.duplicates;
  if (c.duplicates && c.keep_last) throw UsageError("--duplicates works with --keep first only: drop --keep last");
  c.approx = a.approx;
  uint64_t memory = a.max_memory.empty() ? 0 : parse_size(a.max_memory);
  if (!a.max_memory.empty() && memory == 0) {
    throw UsageError("--max-memory must be greater than 0, e.g. 512MiB (got '" + a.max_memory + "')");
  }
  if (a.fp_rate != 0.0) {
    if (!c.approx) throw UsageError("--fp-rate needs --approx (it sets the rate of the Bloom filter's false positives)");
    if (!(a.fp_rate > 0.0 && a.fp_rate < 1.0)) throw UsageError("--fp-rate must be between 0 and 1, e.g. 0.001");
    c.fp_rate = a.fp_rate;
  }
  if (c.approx) {
    if (c.keep_last || c.within || c.within_records) {
      throw UsageError("--approx cannot be combined with --keep last, --within or --within-records "
                       "(a Bloom filter cannot forget or hold keys)");
    }
    c.max_keys = a.max_keys ? a.max_keys : kDefaultApproxCapacity;
    c.approx_bits = memory * 8;
    return c;
  }
  c.max_keys = a.max_keys;
  if (memory) {
    SeenTableLayout layout{.order = true, .stamp = c.within || c.within_records, .count = !c.count_field.empty(),
                           .held = c.keep_last};
    uint64_t keys = static_cast<uint64_t>(static_cast<double>(memory) / layout.bytes_per_key());
    if (keys == 0) {
      throw UsageError("--max-memory " + a.max_memory + " is too small for one key; give at least " +
                       std::to_string(static_cast<uint64_t>(std::ceil(layout.bytes_per_key()))) + " bytes");
    }
    if (!c.max_keys || keys < c.max_keys) c.max_keys = keys;
  }
  return c;
}

std::string DedupConfig::state_options() const {
  std::string s = "key=";
  for (size_t i = 0; i < fields.size(); ++i) s += (i ? "," : "") + fields[i].text();
  s += raw ? " raw" : " canonical";
  if (approx) {
    s += " approx max-keys=" + std::to_string(max_keys) + " bits=" + std::to_string(approx_bits) +
         " fp-rate=" + std::to_string(fp_rate);
  } else {
    s += within ? " within" : within_records ? " within-records" : "";
  }
  if (keep_last) s += " keep=last";
  if (!count_field.empty()) s += " count-field=" + count_field;
  return s;
}

}  // namespace sp
