#include <catch2/catch.hpp>

#include <list>
#include <random>
#include <set>
#include <unordered_map>

#include "tools/sp-dedup/bloom_filter.h"
#include "tools/sp-dedup/seen_table.h"

namespace {

sp::Hash128 key_of(uint64_t i) { return sp::key_hash(std::to_string(i)); }

}  // namespace

TEST_CASE("seen table: inserts, finds and erases like a set, across growth", "[sp-dedup]") {
  sp::SeenTable table(sp::SeenTableLayout{.stamp = true});
  std::unordered_map<uint64_t, int64_t> model;
  std::mt19937_64 rng(42);
  for (int step = 0; step < 200000; ++step) {
    uint64_t k = rng() % 20000;
    uint32_t slot = table.find(key_of(k));
    REQUIRE((slot != sp::SeenTable::kNone) == model.count(k));
    if (slot == sp::SeenTable::kNone) {
      slot = table.insert(key_of(k));
      table.stamp(slot) = static_cast<int64_t>(k * 3);
      model[k] = static_cast<int64_t>(k * 3);
    } else {
      REQUIRE(table.stamp(slot) == model[k]);
      if (rng() % 2) {
        table.erase(slot);
        model.erase(k);
      }
    }
    REQUIRE(table.size() == model.size());
  }
  // Every remaining key is still findable after all the backward shifts.
  for (auto& [k, stamp] : model) {
    uint32_t slot = table.find(key_of(k));
    REQUIRE(slot != sp::SeenTable::kNone);
    CHECK(table.stamp(slot) == stamp);
  }
}

TEST_CASE("seen table: last-seen order survives touches, erases and growth", "[sp-dedup]") {
  sp::SeenTable table(sp::SeenTableLayout{.order = true, .count = true});
  std::list<uint64_t> order;  // least recently seen first
  std::mt19937_64 rng(7);
  for (int step = 0; step < 50000; ++step) {
    uint64_t k = rng() % 5000;
    uint32_t slot = table.find(key_of(k));
    if (slot == sp::SeenTable::kNone) {
      slot = table.insert(key_of(k));
      table.count(slot) = k;
      order.push_back(k);
    } else if (rng() % 4 == 0) {
      table.erase(slot);
      order.remove(k);
    } else {
      table.touch(slot);
      order.remove(k);
      order.push_back(k);
    }
  }
  std::vector<uint64_t> seen;
  table.for_each([&](uint32_t slot) { seen.push_back(table.count(slot)); });
  CHECK(seen == std::vector<uint64_t>(order.begin(), order.end()));
  CHECK(table.count(table.oldest()) == order.front());
}

TEST_CASE("seen table: a bounded table keeps its capacity and reports full", "[sp-dedup]") {
  sp::SeenTable table(sp::SeenTableLayout{.order = true, .max_keys = 3000});
  for (uint64_t i = 0; i < 10000; ++i) {
    if (table.full()) table.erase(table.oldest());
    table.insert(key_of(i));
  }
  CHECK(table.size() == 3000);
  CHECK(table.capacity() <= 4002);
  // The 3000 most recent keys are the ones kept.
  CHECK(table.find(key_of(6999)) == sp::SeenTable::kNone);
  CHECK(table.find(key_of(7000)) != sp::SeenTable::kNone);
  CHECK(table.find(key_of(9999)) != sp::SeenTable::kNone);
}

TEST_CASE("bloom filter: no false negatives, false positives near the configured rate", "[sp-dedup]") {
  auto bloom = sp::BloomFilter::for_capacity(100000, 0.01);
  for (uint64_t i = 0; i < 10; ++i) REQUIRE_FALSE(bloom.test_and_add(key_of(i)));
  for (uint64_t i = 10; i < 100000; ++i) bloom.test_and_add(key_of(i));
  for (uint64_t i = 0; i < 100000; ++i) REQUIRE(bloom.test_and_add(key_of(i)));
  uint64_t false_positives = 0;
  for (uint64_t i = 100000; i < 200000; ++i) false_positives += bloom.contains(key_of(i)) ? 1 : 0;
  // 1% of 100000, give or take sampling noise.
  CHECK(false_positives > 700);
  CHECK(false_positives < 1300);
  CHECK(bloom.estimated_fp_rate() == Approx(0.01).epsilon(0.1));
  CHECK(bloom.hashes() == 7);
}
