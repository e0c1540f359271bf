#include "tools/sp-gen/generator.h"

#include <cmath>
#include <string>

#include "libcommon/errors.h"

namespace sp::gen {
namespace {

constexpr Nanos kSessionLength = 30 * kNanosPerMinute;
constexpr Nanos kLateBoundWithoutDisorder = kNanosPerMinute;

void check_probability(double p, const char* option) {
  if (!(p >= 0 && p <= 1)) throw UsageError(std::string(option) + " must be a probability between 0 and 1");
}

// Per-user attributes (country, city, device, address) derive from the user
// number alone, so a user keeps them across records, as real users do.
void apply_profile(Event& e, uint64_t user_key) {
  Xoshiro256ss profile(user_key ^ mix64(e.user));
  auto all_countries = countries();
  e.country = static_cast<uint8_t>(pick_weighted(profile, all_countries, [](const Country& c) { return c.weight; }));
  e.city = static_cast<uint8_t>(profile.below(all_countries[e.country].cities.size()));
  e.user_agent = static_cast<uint8_t>(pick_weighted(profile, user_agents(), [](const UserAgent& u) { return u.weight; }));
  // 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24: addresses reserved for documentation.
  static constexpr uint32_t kNets[] = {0xC0000200, 0xC6336400, 0xCB007100};
  e.ip = kNets[profile.below(3)] | static_cast<uint32_t>(1 + profile.below(254));
}

// Response time in ms: mostly fast, with the long tail real services have.
uint32_t draw_latency(Xoshiro256ss& rng, EventKind kind) {
  const uint64_t r = rng.below(1000);
  uint64_t ms;
  if (r < 700) ms = 8 + rng.below(40);
  else if (r < 920) ms = 48 + rng.below(150);
  else if (r < 985) ms = 200 + rng.below(800);
  else ms = 1000 + rng.below(9000);
  if (kind == EventKind::Purchase || kind == EventKind::Login) ms += 60 + rng.below(60);
  return static_cast<uint32_t>(ms);
}

uint16_t draw_status(Xoshiro256ss& rng, EventKind kind) {
  const uint64_t r = rng.below(1000);
  if (r < 5) return 500;
  if (r < 8) return 503;
  switch (kind) {
    case EventKind::View: return r < 70 ? 304 : r < 110 ? 404 : 200;
    case EventKind::Login: return r < 100 ? 401 : 302;
    case EventKind::Logout: return 302;
    case EventKind::AddToCart: return 201;
    default: return 200;
  }
}

uint32_t draw_bytes(Xoshiro256ss& rng, uint16_t status) {
  switch (status) {
    case 200: return static_cast<uint32_t>(900 + rng.below(48000));
    case 201: return static_cast<uint32_t>(80 + rng.below(120));
    case 401: return 172;
    case 404: return 153;
    case 500: return 177;
    case 503: return 190;
    default: return 0;  // 302, 304
  }
}

int64_t draw_amount(Xoshiro256ss& rng, EventKind kind) {
  if (kind != EventKind::Purchase) return 0;
  if (rng.below(10) < 7) return static_cast<int64_t>(99 + rng.below(9900));  // 0.99 .. 99.98
  return static_cast<int64_t>(10000 + rng.below(90000));                     // 100.00 .. 999.99
}

}  // namespace

void validate(const GenOptions& o) {
  if (o.keys < 1) throw UsageError("--keys must be at least 1");
  if (!(o.zipf >= 0 && o.zipf <= 100)) throw UsageError("--zipf must be between 0 (uniform) and 100");
  if (o.zipf > 0 && o.keys > ZipfSampler::kMaxSkewedKeys)
    throw UsageError("--keys above " + std::to_string(ZipfSampler::kMaxSkewedKeys) + " needs --zipf 0 (uniform)");
  check_probability(o.dup_rate, "--dup-rate");
  check_probability(o.late_rate, "--late-rate");
  if (o.dup_rate + o.late_rate > 1) throw UsageError("--dup-rate plus --late-rate must not exceed 1");
  if (o.disorder < 0) throw UsageError("--disorder must not be negative");
  if (o.interval < 0) throw UsageError("--interval must not be negative");
  if (o.disorder > 1000 * kNanosPerDay) throw UsageError("--disorder must be at most 1000d");
}

EventGenerator::EventGenerator(const GenOptions& options)
    : options_((validate(options), options)),
      bound_(options.disorder > 0 ? options.disorder : kLateBoundWithoutDisorder),
      dup_threshold_(probability_threshold(options.dup_rate)),
      late_threshold_(probability_threshold(options.dup_rate) + probability_threshold(options.late_rate)),
      id_key_(mix64(options.seed ^ 0x6964'6964'6964'6964ULL)),
      user_key_(mix64(options.seed ^ 0x7573'6572'7573'6572ULL)),
      session_key_(mix64(options.seed ^ 0x7365'7373'696f'6e00ULL)),
      rng_(options.seed),
      users_(options.keys, options.zipf) {}

void EventGenerator::next(std::string& line) { write_event(options_.format, next_event(), line); }

const Event& EventGenerator::next_event() {
  // One draw decides what this record is, so the rates are exact in the long run.
  const uint64_t decision = rng_.next() >> 11;
  const Event* duplicate = decision < dup_threshold_ ? pick_duplicate() : nullptr;
  last_was_duplicate_ = duplicate != nullptr;
  if (duplicate) {
    current_ = *duplicate;
    ++duplicates_;
  } else {
    make_fresh(decision >= dup_threshold_ && decision < late_threshold_);
  }
  if (!any_written_ || current_.ts > newest_ts_) newest_ts_ = current_.ts;
  any_written_ = true;
  ++records_;
  return current_;
}

// A retry repeats a recent record exactly (same id, same event time). Only
// records still within the lateness bound qualify, so duplicates never count
// as late downstream: a random recent one, else the newest, else none (the
// record is then fresh).
const Event* EventGenerator::pick_duplicate() {
  if (recent_.empty()) return nullptr;
  const Nanos oldest_allowed = newest_ts_ - bound_;
  const Event& pick = recent_[rng_.below(recent_.size())];
  if (pick.ts >= oldest_allowed) return &pick;
  if (recent_.back().ts >= oldest_allowed) return &recent_.back();
  return nullptr;
}

void EventGenerator::make_fresh(bool late) {
  Event& e = current_;
  const Nanos base = clock();
  const uint64_t seq = fresh_++;
  e.id_bits = mix64(seq ^ id_key_);  // a bijection of seq: ids never repeat
  if (late) {
    // Strictly older than the newest event time minus the bound (by 1ms to
    // 9 bounds more), so a window with --max-delay = bound sees it as late.
    const Nanos anchor = any_written_ ? newest_ts_ : base;
    e.ts = anchor - bound_ - kNanosPerMilli - static_cast<Nanos>(rng_.below(static_cast<uint64_t>(9 * bound_)));
    ++late_;
  } else {
    const Nanos jitter = options_.disorder > 0 ? static_cast<Nanos>(rng_.below(static_cast<uint64_t>(options_.disorder))) : 0;
    e.ts = base - jitter;
  }
  e.late = late;
  e.user = users_.sample(rng_);
  apply_profile(e, user_key_);
  const auto bucket = static_cast<uint64_t>(base / kSessionLength);
  e.session = static_cast<uint32_t>(mix64(session_key_ ^ mix64(e.user * 0x9E3779B97F4A7C15ULL + bucket)) >> 32);
  e.kind = static_cast<EventKind>(pick_weighted(rng_, event_kinds(), [](const EventKindInfo& k) { return k.weight; }));
  e.amount_cents = draw_amount(rng_, e.kind);
  e.latency_ms = draw_latency(rng_, e.kind);
  e.status = draw_status(rng_, e.kind);
  e.bytes = draw_bytes(rng_, e.status);
  e.item = static_cast<uint32_t>(e.kind == EventKind::Search ? rng_.below(search_terms().size()) : 1 + rng_.below(5000));
  e.host = static_cast<uint8_t>(1 + rng_.below(6));
  if (!late) {
    recent_.push_back(e);
    if (recent_.size() > kRecentRecords) recent_.pop_front();
  }
}

}  // namespace sp::gen
