#include "libcommon/hash.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// Reads a corpus TSV in place (header skipped) as rows of tab-separated cells.
std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    if (!line.empty() && line.back() == '\t') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("kafka murmur2 matches the Java client's vectors", "[hash]") {
  auto rows = read_tsv(std::string(SP_CORPORA_DIR) + "/kafka-murmur2/vectors.tsv");
  REQUIRE(rows.size() >= 17);
  for (const auto& row : rows) {
    REQUIRE(row.size() == 2);
    INFO("key hex: " << row[0]);
    CHECK(sp::kafka_murmur2(from_hex(row[0])) == std::stoi(row[1]));
  }
}

TEST_CASE("kafka partitioner matches the vectors", "[hash]") {
  auto rows = read_tsv(std::string(SP_CORPORA_DIR) + "/kafka-murmur2/partitions.tsv");
  REQUIRE(rows.size() >= 10);
  for (const auto& row : rows) {
    REQUIRE(row.size() == 4);
    INFO("key hex: " << row[0] << " partitions: " << row[2]);
    CHECK(sp::kafka_partition(from_hex(row[0]), std::stoul(row[2])) == std::stoul(row[3]));
  }
}

TEST_CASE("xxh3 hashes are stable and seed-dependent", "[hash]") {
  CHECK(sp::hash64("abc") == sp::hash64("abc"));
  CHECK(sp::hash64("abc") != sp::hash64("abd"));
  CHECK(sp::hash64("abc", 1) != sp::hash64("abc", 2));
  CHECK(sp::hash128("abc") == sp::hash128("abc"));
  CHECK(!(sp::hash128("abc") == sp::hash128("abd")));
}
