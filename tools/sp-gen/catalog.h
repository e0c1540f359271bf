// The fixed vocabulary of synthetic events: event kinds, countries with their
// cities, user agents, hosts. Weights are integers so that picks are exact.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "tools/sp-gen/prng.h"

namespace sp::gen {

enum class EventKind : uint8_t { View, Search, Click, AddToCart, Purchase, Login, Logout };

struct EventKindInfo {
  std::string_view name;  // "add_to_cart"
  uint32_t weight;
  std::string_view method;  // HTTP method in access logs
  std::string_view path;    // request path prefix in access logs
};

struct City {
  std::string_view name;  // UTF-8, several with non-ASCII letters
};

struct Country {
  std::string_view code;  // ISO 3166-1 alpha-2
  uint32_t weight;
  std::span<const std::string_view> cities;
};

std::span<const EventKindInfo> event_kinds();
const EventKindInfo& event_kind_info(EventKind kind);
std::span<const Country> countries();
struct UserAgent {
  std::string_view text;
  uint32_t weight;
};

// Real-looking user agents; one holds quotes and backslashes (a badly
// written bot), so every output format must escape it.
std::span<const UserAgent> user_agents();
std::span<const std::string_view> search_terms();

// Index drawn from `weights` in proportion to each weight.
template <typename T, typename WeightOf>
size_t pick_weighted(Xoshiro256ss& rng, std::span<const T> items, WeightOf weight_of) {
  uint64_t total = 0;
  for (const auto& item : items) total += weight_of(item);
  uint64_t r = rng.below(total);
  for (size_t i = 0; i < items.size(); ++i) {
    uint64_t w = weight_of(items[i]);
    if (r < w) return i;
    r -= w;
  }
  return items.size() - 1;
}

}  // namespace sp::gen
