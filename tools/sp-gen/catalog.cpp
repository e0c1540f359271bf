#include "tools/sp-gen/catalog.h"

#include <array>

namespace sp::gen {
namespace {

// Weights are percentages of all fresh events (they sum to 100).
constexpr std::array kEventKinds = {
    EventKindInfo{"view", 55, "GET", "/product/"},
    EventKindInfo{"search", 15, "GET", "/search?q="},
    EventKindInfo{"click", 12, "GET", "/recommendations/"},
    EventKindInfo{"add_to_cart", 8, "POST", "/cart/items/"},
    EventKindInfo{"purchase", 3, "POST", "/checkout/"},
    EventKindInfo{"login", 4, "POST", "/login"},
    EventKindInfo{"logout", 3, "GET", "/logout"},
};

using namespace std::string_view_literals;
constexpr std::array kUs = {"New York"sv, "San Francisco"sv, "Chicago"sv, "Austin"sv};
constexpr std::array kDe = {"München"sv, "Berlin"sv, "Köln"sv, "Düsseldorf"sv};
constexpr std::array kGb = {"London"sv, "Manchester"sv};
constexpr std::array kIn = {"Bengaluru"sv, "Mumbai"sv, "दिल्ली"sv};
constexpr std::array kBr = {"São Paulo"sv, "Brasília"sv, "Rio de Janeiro"sv};
constexpr std::array kFr = {"Paris"sv, "Besançon"sv, "Lyon"sv};
constexpr std::array kJp = {"東京"sv, "大阪"sv};
constexpr std::array kCn = {"北京"sv, "上海"sv};
constexpr std::array kCa = {"Toronto"sv, "Montréal"sv};
constexpr std::array kEs = {"Madrid"sv, "Málaga"sv};
constexpr std::array kMx = {"Ciudad de México"sv, "Guadalajara"sv};
constexpr std::array kSe = {"Stockholm"sv, "Göteborg"sv};
constexpr std::array kKr = {"서울"sv};
constexpr std::array kPl = {"Kraków"sv, "Łódź"sv};
constexpr std::array kAu = {"Sydney"sv};

const std::array kCountries = {
    Country{"US", 30, kUs}, Country{"DE", 11, kDe}, Country{"GB", 9, kGb}, Country{"IN", 9, kIn},
    Country{"BR", 7, kBr},  Country{"FR", 6, kFr},  Country{"JP", 6, kJp}, Country{"CN", 5, kCn},
    Country{"CA", 4, kCa},  Country{"ES", 3, kEs},  Country{"MX", 3, kMx}, Country{"SE", 2, kSe},
    Country{"KR", 2, kKr},  Country{"PL", 2, kPl},  Country{"AU", 1, kAu},
};

constexpr std::array kUserAgents = {
    UserAgent{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 30},
    UserAgent{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", 25},
    UserAgent{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", 20},
    UserAgent{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", 14},
    UserAgent{"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", 6},
    UserAgent{"curl/8.4.0", 2},
    UserAgent{"ShopBot/2.1 (\"nightly\" crawl; C:\\bots\\shop; +https://bots.example.com)", 3},
};

constexpr std::array kSearchTerms = {
    "shoes"sv, "laptop"sv, "m%C3%BCsli"sv, "rain+jacket"sv, "usb-c+cable"sv, "caf%C3%A9"sv, "headphones"sv, "tent"sv,
};

}  // namespace

std::span<const EventKindInfo> event_kinds() { return kEventKinds; }
const EventKindInfo& event_kind_info(EventKind kind) { return kEventKinds[static_cast<size_t>(kind)]; }
std::span<const Country> countries() { return kCountries; }
std::span<const UserAgent> user_agents() { return kUserAgents; }
std::span<const std::string_view> search_terms() { return kSearchTerms; }

}  // namespace sp::gen
