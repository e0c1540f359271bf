#include "tools/sp-window/aggregates.h"

#include <algorithm>
#include <cmath>

#include "libcommon/errors.h"
#include "libcommon/json_writer.h"
#include "libcommon/operator.h"
#include "libcommon/state_codec.h"

namespace sp {

namespace {

// Neumaier's compensated summation: sums of many floats stay accurate to
// about one ulp whatever their order of magnitude.
inline void compensated_add(double& sum, double& compensation, double x) {
  double t = sum + x;
  if (std::fabs(sum) >= std::fabs(x)) {
    compensation += (sum - t) + x;
  } else {
    compensation += (x - t) + sum;
  }
  sum = t;
}

uint32_t slots_for(AggFn fn, bool counts_records) {
  switch (fn) {
    case AggFn::Count: return counts_records ? 0 : 1;
    case AggFn::Sum:
    case AggFn::Avg:
    case AggFn::Stddev: return 3;
    case AggFn::Min:
    case AggFn::Max:
    case AggFn::First:
    case AggFn::Last: return 2;
    case AggFn::Distinct:
    case AggFn::ApproxDistinct:
    case AggFn::Percentile: return 1;
  }
  return 0;
}

bool is_numeric(AggFn fn) {
  return fn == AggFn::Sum || fn == AggFn::Min || fn == AggFn::Max || fn == AggFn::Avg || fn == AggFn::Stddev ||
         fn == AggFn::Percentile;
}

}  // namespace

template <typename T>
uint32_t AggStore::Pool<T>::acquire() {
  if (!free.empty()) {
    uint32_t ref = free.back();
    free.pop_back();
    return ref;
  }
  items.emplace_back();
  return static_cast<uint32_t>(items.size());
}

template <typename T>
void AggStore::Pool<T>::release(uint32_t ref) {
  if (ref == 0) return;
  items[ref - 1] = T();  // give the memory back: windows close for good
  free.push_back(ref);
}

AggStore::AggStore(std::vector<AggSpec> specs, bool sketch) : sketch_(sketch) {
  for (auto& spec : specs) {
    Layout l;
    l.spec = std::move(spec);
    l.prefix = ",";
    append_json_string(l.prefix, l.spec.name);
    l.prefix += ':';
    bool shared = false;
    if (l.spec.fn == AggFn::Percentile) {
      // Percentiles of one field share one value list (or sketch).
      for (const auto& other : layout_) {
        if (other.spec.fn == AggFn::Percentile && other.spec.field == l.spec.field) {
          l.offset = other.offset;
          shared = true;
          break;
        }
      }
    }
    if (!shared) {
      l.offset = stride_;
      stride_ += slots_for(l.spec.fn, l.spec.field < 0);
    }
    l.values = shared ? 0 : 1;  // 1: this aggregate owns its slots
    layout_.push_back(std::move(l));
  }
}

StateId AggStore::create() {
  StateId id;
  if (!free_rows_.empty()) {
    id = free_rows_.back();
    free_rows_.pop_back();
  } else {
    id = static_cast<StateId>(slab_.size() / stride_);
    slab_.resize(slab_.size() + stride_);
  }
  Slot* r = row(id);
  for (uint32_t i = 0; i < stride_; ++i) r[i].u = 0;
  for (const auto& l : layout_) {
    if (l.spec.fn == AggFn::Min) r[l.offset + 1].d = INFINITY;
    if (l.spec.fn == AggFn::Max) r[l.offset + 1].d = -INFINITY;
  }
  ++live_;
  return id;
}

void AggStore::release(StateId id) {
  Slot* r = row(id);
  for (const auto& l : layout_) {
    if (!l.values) continue;
    Slot& s = r[l.offset];
    switch (l.spec.fn) {
      case AggFn::First:
      case AggFn::Last: strings_.release(static_cast<uint32_t>(r[l.offset + 1].u)); break;
      case AggFn::Distinct: sets_.release(static_cast<uint32_t>(s.u)); break;
      case AggFn::ApproxDistinct: hlls_.release(static_cast<uint32_t>(s.u)); break;
      case AggFn::Percentile:
        if (sketch_) sketches_.release(static_cast<uint32_t>(s.u));
        else values_.release(static_cast<uint32_t>(s.u));
        break;
      default: break;
    }
  }
  free_rows_.push_back(id);
  --live_;
}

void AggStore::add(StateId id, const RecordValues& values, Nanos order) {
  Slot* r = row(id);
  ++r[0].u;
  for (const auto& l : layout_) {
    if (!l.values || l.spec.field < 0) continue;
    const FieldValue& v = values.value(l.spec.field);
    if (v.kind == FieldValue::Kind::Missing || (v.kind == FieldValue::Kind::Null && l.spec.fn != AggFn::First && l.spec.fn != AggFn::Last)) continue;
    if (is_numeric(l.spec.fn) && v.kind != FieldValue::Kind::Number) {
      ++*non_numeric_;
      continue;
    }
    Slot* s = r + l.offset;
    const double x = v.number;
    switch (l.spec.fn) {
      case AggFn::Count: ++s[0].u; break;
      case AggFn::Sum:
      case AggFn::Avg:
        ++s[0].u;
        compensated_add(s[1].d, s[2].d, x);
        break;
      case AggFn::Min:
        ++s[0].u;
        if (x < s[1].d) s[1].d = x;
        break;
      case AggFn::Max:
        ++s[0].u;
        if (x > s[1].d) s[1].d = x;
        break;
      case AggFn::Stddev: {  // Welford
        double n = static_cast<double>(++s[0].u);
        double delta = x - s[1].d;
        s[1].d += delta / n;
        s[2].d += delta * (x - s[1].d);
        break;
      }
      case AggFn::First:
      case AggFn::Last: {
        bool has = s[1].u != 0;
        bool take = !has || (order != kNoTime && (l.spec.fn == AggFn::First ? order < s[0].i : order >= s[0].i)) ||
                    (order == kNoTime && l.spec.fn == AggFn::Last);
        if (take) {
          if (!has) s[1].u = strings_.acquire();
          strings_.at(static_cast<uint32_t>(s[1].u)).assign(v.text);
          s[0].i = order;
        }
        break;
      }
      case AggFn::Distinct:
        if (s[0].u == 0) s[0].u = sets_.acquire();
        sets_.at(static_cast<uint32_t>(s[0].u)).insert(hash128(v.text));
        break;
      case AggFn::ApproxDistinct:
        if (s[0].u == 0) s[0].u = hlls_.acquire();
        hlls_.at(static_cast<uint32_t>(s[0].u)).add_hash(hash64(v.text));
        break;
      case AggFn::Percentile:
        if (sketch_) {
          if (s[0].u == 0) s[0].u = sketches_.acquire();
          sketches_.at(static_cast<uint32_t>(s[0].u)).add(x);
        } else {
          if (s[0].u == 0) s[0].u = values_.acquire();
          values_.at(static_cast<uint32_t>(s[0].u)).push_back(x);
        }
        break;
    }
  }
}

void AggStore::merge(StateId into, StateId from) {
  Slot* a = row(into);
  const Slot* b = row(from);
  a[0].u += b[0].u;
  for (const auto& l : layout_) {
    if (!l.values || l.spec.field < 0) continue;
    Slot* s = a + l.offset;
    const Slot* o = b + l.offset;
    switch (l.spec.fn) {
      case AggFn::Count: s[0].u += o[0].u; break;
      case AggFn::Sum:
      case AggFn::Avg:
        s[0].u += o[0].u;
        compensated_add(s[1].d, s[2].d, o[1].d);
        compensated_add(s[1].d, s[2].d, o[2].d);
        break;
      case AggFn::Min:
        s[0].u += o[0].u;
        s[1].d = std::min(s[1].d, o[1].d);
        break;
      case AggFn::Max:
        s[0].u += o[0].u;
        s[1].d = std::max(s[1].d, o[1].d);
        break;
      case AggFn::Stddev: {  // Chan et al.'s parallel combination
        if (o[0].u == 0) break;
        double na = static_cast<double>(s[0].u), nb = static_cast<double>(o[0].u), n = na + nb;
        double delta = o[1].d - s[1].d;
        s[1].d += delta * nb / n;
        s[2].d += o[2].d + delta * delta * na * nb / n;
        s[0].u += o[0].u;
        break;
      }
      case AggFn::First:
      case AggFn::Last: {
        if (o[1].u == 0) break;
        bool take = s[1].u == 0 || (l.spec.fn == AggFn::First ? o[0].i < s[0].i : o[0].i > s[0].i);
        if (take) {
          if (s[1].u == 0) s[1].u = strings_.acquire();
          strings_.at(static_cast<uint32_t>(s[1].u)) = strings_.at(static_cast<uint32_t>(o[1].u));
          s[0].i = o[0].i;
        }
        break;
      }
      case AggFn::Distinct:
        if (o[0].u == 0) break;
        if (s[0].u == 0) s[0].u = sets_.acquire();
        for (const auto& h : sets_.at(static_cast<uint32_t>(o[0].u))) sets_.at(static_cast<uint32_t>(s[0].u)).insert(h);
        break;
      case AggFn::ApproxDistinct:
        if (o[0].u == 0) break;
        if (s[0].u == 0) s[0].u = hlls_.acquire();
        hlls_.at(static_cast<uint32_t>(s[0].u)).merge(hlls_.at(static_cast<uint32_t>(o[0].u)));
        break;
      case AggFn::Percentile:
        if (o[0].u == 0) break;
        if (sketch_) {
          if (s[0].u == 0) s[0].u = sketches_.acquire();
          sketches_.at(static_cast<uint32_t>(s[0].u)).merge(sketches_.at(static_cast<uint32_t>(o[0].u)));
        } else {
          if (s[0].u == 0) s[0].u = values_.acquire();
          auto& dst = values_.at(static_cast<uint32_t>(s[0].u));
          const auto& src = values_.at(static_cast<uint32_t>(o[0].u));
          dst.insert(dst.end(), src.begin(), src.end());
        }
        break;
    }
  }
}

void AggStore::write(StateId id, std::string& out) const {
  const Slot* r = row(id);
  for (const auto& l : layout_) {
    out += l.prefix;
    const Slot* s = r + l.offset;
    switch (l.spec.fn) {
      case AggFn::Count: append_json_number(out, l.spec.field < 0 ? r[0].u : s[0].u); break;
      case AggFn::Sum:
        if (s[0].u == 0) out += "null";
        else append_json_number(out, s[1].d + s[2].d);
        break;
      case AggFn::Avg:
        if (s[0].u == 0) out += "null";
        else append_json_number(out, (s[1].d + s[2].d) / static_cast<double>(s[0].u));
        break;
      case AggFn::Min:
      case AggFn::Max:
        if (s[0].u == 0) out += "null";
        else append_json_number(out, s[1].d);
        break;
      case AggFn::Stddev:
        if (s[0].u < 2) out += "null";
        else append_json_number(out, std::sqrt(std::max(0.0, s[2].d) / static_cast<double>(s[0].u - 1)));
        break;
      case AggFn::First:
      case AggFn::Last:
        if (s[1].u == 0) out += "null";
        else out.append(strings_.at(static_cast<uint32_t>(s[1].u)));
        break;
      case AggFn::Distinct:
        append_json_number(out, static_cast<uint64_t>(s[0].u == 0 ? 0 : sets_.at(static_cast<uint32_t>(s[0].u)).size()));
        break;
      case AggFn::ApproxDistinct:
        append_json_number(out, static_cast<uint64_t>(
            s[0].u == 0 ? 0 : std::llround(hlls_.at(static_cast<uint32_t>(s[0].u)).estimate())));
        break;
      case AggFn::Percentile: {
        if (s[0].u == 0) {
          out += "null";
        } else if (sketch_) {
          const auto& sk = sketches_.at(static_cast<uint32_t>(s[0].u));
          append_json_number(out, sk.value_at_rank(nearest_rank(sk.count(), l.spec.pct_num, l.spec.pct_scale)));
        } else {
          // nth_element reorders the values, which changes no result.
          auto& v = const_cast<std::vector<double>&>(values_.at(static_cast<uint32_t>(s[0].u)));
          uint64_t k = nearest_rank(v.size(), l.spec.pct_num, l.spec.pct_scale);
          std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k - 1), v.end());
          append_json_number(out, v[k - 1]);
        }
        break;
      }
    }
  }
}

void AggStore::snapshot_state(StateId id, StateWriter& out) const {
  const Slot* r = row(id);
  for (uint32_t i = 0; i < stride_; ++i) out.u64(r[i].u);
  for (const auto& l : layout_) {
    if (!l.values) continue;
    const Slot* s = r + l.offset;
    switch (l.spec.fn) {
      case AggFn::First:
      case AggFn::Last:
        if (s[1].u != 0) out.str(strings_.at(static_cast<uint32_t>(s[1].u)));
        break;
      case AggFn::Distinct:
        if (s[0].u != 0) {
          const auto& set = sets_.at(static_cast<uint32_t>(s[0].u));
          // Sorted, so equal states give equal checkpoints.
          std::vector<Hash128> sorted(set.begin(), set.end());
          std::sort(sorted.begin(), sorted.end(), [](const Hash128& x, const Hash128& y) {
            return x.high != y.high ? x.high < y.high : x.low < y.low;
          });
          out.count(sorted.size());
          for (const auto& h : sorted) {
            out.u64(h.low);
            out.u64(h.high);
          }
        }
        break;
      case AggFn::ApproxDistinct:
        if (s[0].u != 0) hlls_.at(static_cast<uint32_t>(s[0].u)).snapshot(out);
        break;
      case AggFn::Percentile:
        if (s[0].u == 0) break;
        if (sketch_) {
          sketches_.at(static_cast<uint32_t>(s[0].u)).snapshot(out);
        } else {
          const auto& v = values_.at(static_cast<uint32_t>(s[0].u));
          out.count(v.size());
          for (double x : v) out.f64(x);
        }
        break;
      default: break;
    }
  }
}

StateId AggStore::restore_state(StateReader& in) {
  StateId id = create();
  Slot* r = row(id);
  for (uint32_t i = 0; i < stride_; ++i) r[i].u = in.u64();
  for (const auto& l : layout_) {
    if (!l.values) continue;
    Slot* s = r + l.offset;
    switch (l.spec.fn) {
      case AggFn::First:
      case AggFn::Last:
        if (s[1].u != 0) {
          s[1].u = strings_.acquire();
          strings_.at(static_cast<uint32_t>(s[1].u)).assign(in.str());
        }
        break;
      case AggFn::Distinct:
        if (s[0].u != 0) {
          s[0].u = sets_.acquire();
          auto& set = sets_.at(static_cast<uint32_t>(s[0].u));
          size_t n = in.count(16);
          set.reserve(n);
          for (size_t i = 0; i < n; ++i) {
            Hash128 h;
            h.low = in.u64();
            h.high = in.u64();
            set.insert(h);
          }
        }
        break;
      case AggFn::ApproxDistinct:
        if (s[0].u != 0) {
          s[0].u = hlls_.acquire();
          hlls_.at(static_cast<uint32_t>(s[0].u)).restore(in);
        }
        break;
      case AggFn::Percentile:
        if (s[0].u == 0) break;
        if (sketch_) {
          s[0].u = sketches_.acquire();
          sketches_.at(static_cast<uint32_t>(s[0].u)).restore(in);
        } else {
          s[0].u = values_.acquire();
          auto& v = values_.at(static_cast<uint32_t>(s[0].u));
          v.resize(in.count(8));
          for (double& x : v) x = in.f64();
        }
        break;
      default: break;
    }
  }
  return id;
}

}  // namespace sp
