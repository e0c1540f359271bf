#include "libcommon/units.h"

#include "libcommon/errors.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

using namespace sp;

TEST_CASE("parse_duration reads every unit", "[units]") {
  CHECK(parse_duration("250ms") == 250'000'000);
  CHECK(parse_duration("5s") == 5'000'000'000);
  CHECK(parse_duration("1m") == 60'000'000'000);
  CHECK(parse_duration("2h") == 7'200'000'000'000);
  CHECK(parse_duration("7d") == 604'800'000'000'000);
  CHECK(parse_duration("500us") == 500'000);
  CHECK(parse_duration("500\xC2\xB5s") == 500'000);  // µs
  CHECK(parse_duration("10ns") == 10);
  CHECK(parse_duration("0") == 0);
  CHECK(parse_duration("0s") == 0);
}

TEST_CASE("parse_duration reads compounds and fractions", "[units]") {
  CHECK(parse_duration("1h30m") == 5'400'000'000'000);
  CHECK(parse_duration("1d2h3m4s5ms6us7ns") == 93'784'005'006'007);
  CHECK(parse_duration("1.5s") == 1'500'000'000);
  CHECK(parse_duration("0.25h") == 900'000'000'000);
  CHECK(parse_duration(".5ms") == 500'000);
  CHECK(parse_duration("1.0000000001s") == 1'000'000'000);  // below 1 ns truncated
  CHECK(parse_duration("9223372036854775807ns") == std::numeric_limits<Nanos>::max());
  CHECK(parse_duration("106751d") == 9'223'286'400'000'000'000);
}

TEST_CASE("parse_duration rejects bad input with a helpful message", "[units]") {
  for (const char* bad : {"", "5", "s", "-5s", "+5s", "5 s", " 5s", "5s ", "5S", "5sec", "1h30", "1.5.5s", "5s.",
                          "abc", "1e3s", "5x", "00", "9223372036854775808ns", "106752d",
                          "99999999999999999999s", "1d99999999999999999h"}) {
    INFO("input: '" << bad << "'");
    CHECK_THROWS_AS(parse_duration(bad), UsageError);
  }
  CHECK_THROWS_WITH(parse_duration("5x"),
                    "invalid duration '5x': expected a number with a unit such as 250ms, 5s, 1m, 2h, 7d");
}

TEST_CASE("format_duration writes the shortest form", "[units]") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(250'000'000) == "250ms");
  CHECK(format_duration(5'400'000'000'000) == "1h30m");
  CHECK(format_duration(604'800'000'000'000) == "7d");
  CHECK(format_duration(86'400'000'000'000 + 5'000'000'000) == "1d5s");
  CHECK(format_duration(1'500) == "1.5us");
  CHECK(format_duration(10) == "10ns");
  CHECK(format_duration(1'234'567) == "1.234567ms");
  CHECK(format_duration(1'500'000'000) == "1.5s");
  CHECK(format_duration(90'500'000'000) == "1m30.5s");
  CHECK(format_duration(1'001'000'000) == "1.001s");
  CHECK(format_duration(86'400'000'000'001) == "1d0.000000001s");
  CHECK(format_duration(-5'000'000'000) == "-5s");
  CHECK(format_duration(std::numeric_limits<Nanos>::max()) == "106751d23h47m16.854775807s");
  CHECK(format_duration(std::numeric_limits<Nanos>::min()) == "-106751d23h47m16.854775808s");
}

TEST_CASE("format_duration round-trips through parse_duration", "[units]") {
  for (Nanos d : {Nanos{1}, Nanos{999}, Nanos{1'000}, Nanos{1'001}, Nanos{999'999'999}, Nanos{1'000'000'000},
                  Nanos{3'600'000'000'000}, Nanos{93'784'005'006'007}, Nanos{123'456'789'012'345'678},
                  std::numeric_limits<Nanos>::max()}) {
    INFO(d << " -> " << format_duration(d));
    CHECK(parse_duration(format_duration(d)) == d);
  }
}

TEST_CASE("parse_size reads binary and decimal units", "[units]") {
  CHECK(parse_size("4096") == 4096);
  CHECK(parse_size("4096B") == 4096);
  CHECK(parse_size("64KiB") == 65'536);
  CHECK(parse_size("1MiB") == 1'048'576);
  CHECK(parse_size("2GiB") == 2'147'483'648ULL);
  CHECK(parse_size("1TiB") == 1'099'511'627'776ULL);
  CHECK(parse_size("64KB") == 64'000);
  CHECK(parse_size("1MB") == 1'000'000);
  CHECK(parse_size("1GB") == 1'000'000'000);
  CHECK(parse_size("64K") == 65'536);
  CHECK(parse_size("1M") == 1'048'576);
  CHECK(parse_size("1G") == 1'073'741'824);
  CHECK(parse_size("1gib") == 1'073'741'824);
  CHECK(parse_size("1mb") == 1'000'000);
  CHECK(parse_size("64kib") == 65'536);
  CHECK(parse_size("1Ki") == 1'024);
  CHECK(parse_size("1.5KiB") == 1'536);
  CHECK(parse_size("0") == 0);
  CHECK(parse_size("15EiB") == 17'293'822'569'102'704'640ULL);
  CHECK(parse_size("18446744073709551615") == std::numeric_limits<uint64_t>::max());
}

TEST_CASE("parse_size rejects bad input and overflow", "[units]") {
  for (const char* bad : {"", "KiB", "-1", "1 KiB", " 1", "1XiB", "1KiBB", "1kxb", "1ib", "1bb", "1.5.5K",
                          "16EiB", "18446744073709551616", "99999999999999999999K", "1Z"}) {
    INFO("input: '" << bad << "'");
    CHECK_THROWS_AS(parse_size(bad), UsageError);
  }
  CHECK_THROWS_WITH(parse_size("1XiB"), Catch::Contains("invalid size '1XiB'") && Catch::Contains("64KiB"));
}

TEST_CASE("format_size uses the largest exact binary unit", "[units]") {
  CHECK(format_size(0) == "0");
  CHECK(format_size(1000) == "1000");
  CHECK(format_size(1536) == "1536");
  CHECK(format_size(65'536) == "64KiB");
  CHECK(format_size(1'048'576) == "1MiB");
  CHECK(format_size(1'572'864) == "1536KiB");
  CHECK(format_size(67'108'864) == "64MiB");
  CHECK(format_size(1ULL << 63) == "8EiB");
  CHECK(format_size(std::numeric_limits<uint64_t>::max()) == "18446744073709551615");
  for (uint64_t v : {uint64_t{1}, uint64_t{4096}, uint64_t{1} << 40, uint64_t{3} << 50, uint64_t{123456789}}) {
    CHECK(parse_size(format_size(v)) == v);
  }
}

TEST_CASE("parse_count_or_duration tells counts from durations", "[units]") {
  auto count = parse_count_or_duration("10000");
  CHECK(count.is_count);
  CHECK(count.count == 10000);
  auto zero = parse_count_or_duration("0");
  CHECK(zero.is_count);
  CHECK(zero.count == 0);
  auto duration = parse_count_or_duration("30s");
  CHECK_FALSE(duration.is_count);
  CHECK(duration.duration == 30'000'000'000);
  CHECK(parse_count_or_duration("1m30s").duration == 90'000'000'000);
  for (const char* bad : {"", "abc", "-5", "10k", "99999999999999999999", "5 s"}) {
    INFO("input: '" << bad << "'");
    CHECK_THROWS_WITH(parse_count_or_duration(bad),
                      Catch::Contains("expected a record count such as 10000 or a duration such as 30s"));
  }
}
