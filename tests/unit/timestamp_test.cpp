// Expected epoch values were computed independently with GNU date, e.g.
//   date -u -d "2026-01-02T03:04:05+05:30" +%s%N
#include "libcommon/timestamp.h"

#include "libcommon/clock.h"
#include "libcommon/errors.h"

#include <catch2/catch.hpp>

#include <limits>
#include <string>

using namespace sp;

namespace {

constexpr Nanos kSec = 1'000'000'000;
constexpr Nanos kMax = std::numeric_limits<Nanos>::max();
constexpr Nanos kMin = std::numeric_limits<Nanos>::min();

// parse_rfc3339 as an optional-like value for compact checks.
bool rfc(std::string_view text, Nanos& out) { return parse_rfc3339(text, out); }

Nanos must_rfc(std::string_view text) {
  Nanos out = -42;
  INFO("input: " << text);
  REQUIRE(parse_rfc3339(text, out));
  return out;
}

Nanos must_string(const TimeFormat& format, std::string_view text) {
  Nanos out = -42;
  INFO("input: '" << text << "'");
  REQUIRE(parse_time_string(format, text, out));
  return out;
}

bool parses_string(const TimeFormat& format, std::string_view text) {
  Nanos out = 0;
  return parse_time_string(format, text, out);
}

TimeFormat pattern(std::string_view p, int default_year = 1970) {
  TimeFormat f = TimeFormat::parse(p);
  f.default_year = default_year;
  return f;
}

}  // namespace

TEST_CASE("calendar helpers agree with known dates", "[timestamp]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 2, 29) == 951782400 / 86400);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(1900, 3, 1) == -2203891200 / 86400);
  auto d = civil_from_days(1767312000 / 86400);
  CHECK(d.year == 2026);
  CHECK(d.month == 1u);
  CHECK(d.day == 2u);
  // Every day from 1600 to 2400 round-trips and steps the date by one.
  int64_t first = days_from_civil(1600, 1, 1), last = days_from_civil(2400, 12, 31);
  CivilDate prev = civil_from_days(first - 1);
  bool ok = true;
  for (int64_t day = first; day <= last && ok; ++day) {
    CivilDate c = civil_from_days(day);
    ok = days_from_civil(c.year, c.month, c.day) == day && c.day >= 1 && c.day <= days_in_month(c.year, c.month) &&
         (c.day == prev.day + 1 || (c.day == 1 && prev.day == days_in_month(prev.year, prev.month)));
    prev = c;
  }
  CHECK(ok);
  CHECK(is_leap_year(2000));
  CHECK(is_leap_year(2024));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2023));
  CHECK(days_in_month(2024, 2) == 29u);
  CHECK(days_in_month(2100, 2) == 28u);
}

TEST_CASE("parse_rfc3339 reads instants, fractions and offsets", "[timestamp]") {
  CHECK(must_rfc("2026-01-02T03:04:05Z") == 1767323045 * kSec);
  CHECK(must_rfc("2026-01-02t03:04:05z") == 1767323045 * kSec);
  CHECK(must_rfc("2026-01-02 03:04:05Z") == 1767323045 * kSec);
  CHECK(must_rfc("2026-01-02T03:04:05.5Z") == 1767323045 * kSec + 500'000'000);
  CHECK(must_rfc("2026-01-02T03:04:05.123Z") == 1767323045 * kSec + 123'000'000);
  CHECK(must_rfc("2026-01-02T03:04:05.123456789Z") == 1767323045123456789);
  CHECK(must_rfc("2026-01-02T03:04:05.1234567891Z") == 1767323045123456789);  // truncated to ns
  CHECK(must_rfc("2026-01-02T03:04:05+05:30") == 1767303245 * kSec);
  CHECK(must_rfc("2026-01-02T03:04:05+0530") == 1767303245 * kSec);
  CHECK(must_rfc("2026-01-02T03:04:05-08:00") == 1767351845 * kSec);
  CHECK(must_rfc("2026-01-02T03:04:05.123+05:30") == 1767303245123000000);
  CHECK(must_rfc("2026-01-02T03:04:05+00:00") == 1767323045 * kSec);
  CHECK(must_rfc("2026-01-02T03:04:05-00:00") == 1767323045 * kSec);
  CHECK(must_rfc("1970-01-01T00:00:00Z") == 0);
  CHECK(must_rfc("1969-12-31T23:59:59Z") == -kSec);
  CHECK(must_rfc("1969-12-31T23:59:59.999999999Z") == -1);
}

TEST_CASE("parse_rfc3339 validates leap years", "[timestamp]") {
  CHECK(must_rfc("2000-02-29T00:00:00Z") == 951782400 * kSec);
  CHECK(must_rfc("2004-02-29T12:00:00Z") == 1078056000 * kSec);
  CHECK(must_rfc("2100-02-28T12:00:00Z") == 4107499200 * kSec);
  CHECK(must_rfc("1900-03-01T00:00:00Z") == -2203891200 * kSec);
  Nanos out = 7;
  CHECK_FALSE(rfc("1900-02-29T00:00:00Z", out));
  CHECK_FALSE(rfc("2100-02-29T00:00:00Z", out));
  CHECK_FALSE(rfc("2023-02-29T00:00:00Z", out));
  CHECK_FALSE(rfc("2024-02-30T00:00:00Z", out));
  CHECK_FALSE(rfc("2026-04-31T00:00:00Z", out));
  CHECK(out == 7);  // untouched on failure
}

TEST_CASE("parse_rfc3339 rejects malformed input", "[timestamp]") {
  Nanos out = 0;
  for (const char* bad : {"", "2026", "2026-01-02", "2026-01-02T03:04:05", "2026-13-02T03:04:05Z",
                          "2026-00-02T03:04:05Z", "2026-01-00T03:04:05Z", "2026-01-32T03:04:05Z",
                          "2026-01-02T24:00:00Z", "2026-01-02T23:60:00Z", "2026-01-02T23:59:60Z",
                          "2026-01-02T03:04:05Zx", "2026-01-02T03:04:05Z ", " 2026-01-02T03:04:05Z",
                          "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05+05", "2026-01-02T03:04:05+24:00",
                          "2026-01-02T03:04:05+05:60", "2026-01-02T03:04:05+5:30", "2026-01-02T03:04:05+05:3",
                          "2026-1-02T03:04:05Z", "2026-01-02X03:04:05Z", "2026/01/02T03:04:05Z",
                          "2026-01-02T03-04-05Z", "+026-01-02T03:04:05Z", "2026-01-02T03:04:05UTC",
                          "2026-01-02T03:04:0aZ", "2026-01-02T03:04:05.12a4Z"}) {
    INFO("input: '" << bad << "'");
    CHECK_FALSE(parse_rfc3339(bad, out));
  }
}

TEST_CASE("parse_rfc3339 covers exactly the int64 nanosecond range", "[timestamp]") {
  CHECK(must_rfc("1677-09-21T00:12:44Z") == -9223372036 * kSec);
  CHECK(must_rfc("1677-09-21T00:12:43.145224192Z") == kMin);
  CHECK(must_rfc("2262-04-11T23:47:16Z") == 9223372036 * kSec);
  CHECK(must_rfc("2262-04-11T23:47:16.854775807Z") == kMax);
  Nanos out = 0;
  CHECK_FALSE(rfc("1677-09-21T00:12:43.145224191Z", out));
  CHECK_FALSE(rfc("2262-04-11T23:47:16.854775808Z", out));
  CHECK_FALSE(rfc("0000-01-01T00:00:00Z", out));
  CHECK_FALSE(rfc("9999-12-31T23:59:59Z", out));
}

TEST_CASE("the minute cache reads every time as parse_rfc3339 does", "[timestamp]") {
  // In order: each time may hit the minute the one before left behind.
  const char* times[] = {
      "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.100Z", "2026-01-01T00:00:59.999999999Z",
      "2026-01-01T00:00:07Z", "2026-01-01T00:00:07z", "2026-01-01T00:00:07.5Z", "2026-01-01T00:00:07.1234567891Z",
      "2026-01-01T00:00:60Z", "2026-01-01T00:00:99Z", "2026-01-01T00:00:7Z", "2026-01-01T00:00:07.Z",
      "2026-01-01T00:00:07ZZ", "2026-01-01T00:00:07", "2026-01-01T00:00:07+01:00", "2026-01-01T00:00:07-0130",
      "2026-01-01T00:00:08Z", "2026-01-01T00:00:08+00:00",  // an offset never takes the cached end
      "2026-01-01T00:01:00Z", "2026-01-01t00:01:02Z", "2026-01-01 00:01:03Z", "2026-01-01T00:01:04Z",
      "2026-02-29T00:00:00Z", "2026-02-29T00:00:01Z",  // not a leap year: never cached, never read
      "2024-02-29T23:59:59.5Z", "2024-02-29T23:59:30Z",
      "1677-09-21T00:12:43.145224192Z", "1677-09-21T00:12:43.145224191Z", "1677-09-21T00:12:44Z",  // int64 edges
      "2262-04-11T23:47:16.854775807Z", "2262-04-11T23:47:16.854775808Z", "2262-04-11T23:47:00Z",
      "2262-04-11T23:47:59Z", "2262-04-11T23:46:59Z", "2262-04-11T23:46:00.5Z",
      // Milliseconds (a shortcut of their own), and near misses of that form.
      "2026-01-01T00:02:00.000Z", "2026-01-01T00:02:59.999Z", "2026-01-01T00:02:00.001z", "2026-01-01T00:02:60.000Z",
      "2026-01-01T00:02:01.00aZ", "2026-01-01T00:02:01.a00Z", "2026-01-01T00:02:01,000Z", "2026-01-01T00:02:01.000+",
      "2026-01-01T00:02:01.000ZZ", "2026-01-01T00:02:01.00Z", "2026-01-01T00:02:01.0000Z", "2026-01-01T00:02:01:000Z",
      "2262-04-11T23:47:16.854Z", "2262-04-11T23:47:16.855Z", "1677-09-21T00:12:43.146Z", "1677-09-21T00:12:43.145Z",
  };
  Rfc3339MinuteCache cache;
  for (const char* text : times) {
    INFO(text);
    Nanos expected = 0, got = 0;
    bool ok = parse_rfc3339(text, expected);
    REQUIRE(cache.parse(text, got) == ok);
    if (ok) CHECK(got == expected);
  }
  // Through parse_time_string, auto and rfc3339 alike.
  Nanos a = 0, b = 0;
  CHECK(parse_time_string(TimeFormat::parse("auto"), "2026-01-01T00:00:09Z", a, &cache));
  CHECK(parse_time_string(TimeFormat::parse("auto"), "2026-01-01T00:00:09Z", b));
  CHECK(a == b);
  CHECK(parse_time_string(TimeFormat::parse("auto"), "1700000000", a, &cache));
  CHECK(a == 1700000000 * kSec);
}

TEST_CASE("format_time writes RFC 3339 with milliseconds and epoch numbers", "[timestamp]") {
  char buf[kTimeBufferSize];
  auto fmt = [&](Nanos t, TimeOutFormat f) { return std::string(buf, format_time(t, f, buf)); };
  const Nanos t = 1767323045123456789;
  CHECK(fmt(t, TimeOutFormat::Rfc3339) == "2026-01-02T03:04:05.123Z");
  CHECK(fmt(t, TimeOutFormat::EpochMs) == "1767323045123");
  CHECK(fmt(t, TimeOutFormat::EpochNs) == "1767323045123456789");
  CHECK(buf[19] == '\0');  // NUL-terminated
  CHECK(fmt(0, TimeOutFormat::Rfc3339) == "1970-01-01T00:00:00.000Z");
  // Before 1970: toward negative infinity.
  CHECK(fmt(-1, TimeOutFormat::Rfc3339) == "1969-12-31T23:59:59.999Z");
  CHECK(fmt(-1, TimeOutFormat::EpochMs) == "-1");
  CHECK(fmt(-1'500'000, TimeOutFormat::EpochMs) == "-2");
  CHECK(fmt(-1'500'000, TimeOutFormat::Rfc3339) == "1969-12-31T23:59:59.998Z");
  CHECK(fmt(kMin, TimeOutFormat::Rfc3339) == "1677-09-21T00:12:43.145Z");
  CHECK(fmt(kMax, TimeOutFormat::Rfc3339) == "2262-04-11T23:47:16.854Z");
  CHECK(fmt(kMin, TimeOutFormat::EpochNs) == "-9223372036854775808");
  CHECK(fmt(kMin, TimeOutFormat::EpochMs) == "-9223372036855");
  CHECK(format_rfc3339_ms(951782400 * kSec) == "2000-02-29T00:00:00.000Z");
}

TEST_CASE("format_rfc3339_ns trims trailing zeros and round-trips", "[timestamp]") {
  CHECK(format_rfc3339_ns(1767323045 * kSec) == "2026-01-02T03:04:05Z");
  CHECK(format_rfc3339_ns(1767323045 * kSec + 100'000'000) == "2026-01-02T03:04:05.1Z");
  CHECK(format_rfc3339_ns(1767323045 * kSec + 1) == "2026-01-02T03:04:05.000000001Z");
  CHECK(format_rfc3339_ns(-1) == "1969-12-31T23:59:59.999999999Z");
  for (Nanos t : {Nanos{0}, Nanos{-1}, Nanos{1}, kMin, kMax, Nanos{1767323045123456789}, Nanos{951782400 * kSec},
                  Nanos{-2203891200 * kSec + 7}}) {
    INFO(t << " -> " << format_rfc3339_ns(t));
    CHECK(must_rfc(format_rfc3339_ns(t)) == t);
  }
  // Millisecond output reads back as the time truncated to the millisecond.
  CHECK(must_rfc(format_rfc3339_ms(1767323045123456789)) == 1767323045123000000);
}

TEST_CASE("TimeFormat::parse accepts named formats and patterns", "[timestamp]") {
  CHECK(TimeFormat::parse("auto").kind == TimeFormatKind::Auto);
  CHECK(TimeFormat::parse("rfc3339").kind == TimeFormatKind::Rfc3339);
  CHECK(TimeFormat::parse("epoch_s").kind == TimeFormatKind::EpochS);
  CHECK(TimeFormat::parse("epoch_ms").kind == TimeFormatKind::EpochMs);
  CHECK(TimeFormat::parse("epoch_us").kind == TimeFormatKind::EpochUs);
  CHECK(TimeFormat::parse("epoch_ns").kind == TimeFormatKind::EpochNs);
  TimeFormat nginx = TimeFormat::parse("%d/%b/%Y:%H:%M:%S %z");
  CHECK(nginx.kind == TimeFormatKind::Strptime);
  CHECK(nginx.pattern == "%d/%b/%Y:%H:%M:%S %z");
  CHECK_THROWS_WITH(TimeFormat::parse("iso"), Catch::Contains("invalid time format 'iso'") &&
                                                  Catch::Contains("epoch_ms") && Catch::Contains("%d/%b/%Y"));
  CHECK_THROWS_AS(TimeFormat::parse(""), UsageError);
  CHECK_THROWS_AS(TimeFormat::parse("EPOCH_S"), UsageError);
  CHECK_THROWS_WITH(TimeFormat::parse("%Y-%Q"), Catch::Contains("unsupported %Q"));
  CHECK_THROWS_WITH(TimeFormat::parse("%Y%"), Catch::Contains("lone %"));
}

TEST_CASE("a pattern without a year takes the clock's year", "[timestamp]") {
  Clock saved = Clock::instance();
  Clock::instance().set_for_test(must_rfc("2023-12-31T23:59:59.999Z"), 0);
  TimeFormat syslog = TimeFormat::parse("%b %e %H:%M:%S");
  TimeFormat with_year = TimeFormat::parse("%Y %b %e");
  Clock::instance().reset_for_test(saved);
  CHECK(syslog.default_year == 2023);
  CHECK(must_string(syslog, "Oct  5 13:55:36") == 1696514136 * kSec);
  CHECK(with_year.default_year == 1970);  // not consulted
}

TEST_CASE("strptime patterns: nginx, syslog and friends", "[timestamp]") {
  // nginx/Apache time_local.
  CHECK(must_string(pattern("%d/%b/%Y:%H:%M:%S %z"), "10/Oct/2000:13:55:36 -0700") == 971211336 * kSec);
  // syslog: no year, space-padded day.
  TimeFormat syslog = pattern("%b %e %H:%M:%S", 2023);
  CHECK(must_string(syslog, "Oct  5 13:55:36") == 1696514136 * kSec);
  CHECK(must_string(syslog, "Oct 5 13:55:36") == 1696514136 * kSec);
  CHECK(must_string(syslog, "oct  5 13:55:36") == 1696514136 * kSec);
  CHECK(must_string(pattern("%b %e %H:%M:%S", 2026), "Oct  5 13:55:36") == 1791208536 * kSec);
  CHECK_FALSE(parses_string(syslog, "Feb 29 00:00:00"));  // 2023 is no leap year
  CHECK(must_string(pattern("%b %e %T", 2024), "Feb 29 00:00:00") == (1709164800) * kSec);
  // ISO-like with fraction and offset.
  CHECK(must_string(pattern("%Y-%m-%dT%H:%M:%S.%f%z"), "2026-01-02T03:04:05.123+05:30") == 1767303245123000000);
  CHECK(must_string(pattern("%Y-%m-%dT%H:%M:%S.%f%z"), "2026-01-02T03:04:05.123456789Z") == 1767323045123456789);
  CHECK(must_string(pattern("%Y-%m-%d %H:%M:%S,%f"), "2026-01-02 03:04:05,5") == 1767323045 * kSec + 500'000'000);
  CHECK(must_string(pattern("%Y%m%d%H%M%S"), "20260102030405") == 1767323045 * kSec);
  CHECK(must_string(pattern("%F %T"), "2026-01-02 03:04:05") == 1767323045 * kSec);
  CHECK(must_string(pattern("%F %R"), "2026-01-02 03:04") == 1767323040 * kSec);
  CHECK(must_string(pattern("%d %B %Y"), "29 February 2004") == 1078012800 * kSec);
  CHECK(must_string(pattern("%d %b %Y"), "29 FEBRUARY 2004") == 1078012800 * kSec);
  CHECK(must_string(pattern("%a, %d %b %Y %H:%M:%S %Z"), "Fri, 02 Jan 2026 03:04:05 GMT") == 1767323045 * kSec);
  CHECK(must_string(pattern("%A %d %h %Y"), "friday 02 jan 2026") == 1767312000 * kSec);
  CHECK(must_string(pattern("%Y%%%m"), "2026%01") == 1767225600 * kSec);
  CHECK(must_string(pattern("%Y %z"), "2026 +05") == 1767225600 * kSec - 5 * 3600 * kSec);
}

TEST_CASE("strptime: day of year, two-digit years, 12-hour clock, epoch", "[timestamp]") {
  CHECK(must_string(pattern("%Y-%j"), "2024-070") == 1710028800 * kSec);
  CHECK(must_string(pattern("%Y-%j"), "2024-366") == 1735603200 * kSec);
  CHECK_FALSE(parses_string(pattern("%Y-%j"), "2023-366"));
  CHECK_FALSE(parses_string(pattern("%Y-%j"), "2024-000"));
  CHECK(must_string(pattern("%y-%m-%d"), "99-03-01") == 920246400 * kSec);
  CHECK(must_string(pattern("%y-%m-%d"), "26-01-02") == 1767312000 * kSec);
  CHECK(must_string(pattern("%y-%m-%d"), "68-01-01") == must_rfc("2068-01-01T00:00:00Z"));
  CHECK(must_string(pattern("%y-%m-%d"), "69-01-01") == must_rfc("1969-01-01T00:00:00Z"));
  CHECK(must_string(pattern("%Y-%m-%d %I:%M:%S %p"), "2026-03-10 02:05:09 PM") == 1773151509 * kSec);
  CHECK(must_string(pattern("%Y-%m-%d %I:%M:%S %p"), "2026-03-10 02:05:09 pm") == 1773151509 * kSec);
  CHECK(must_string(pattern("%Y-%m-%d %I:%M %p"), "2026-01-01 12:00 AM") == 1767225600 * kSec);
  CHECK(must_string(pattern("%Y-%m-%d %I:%M %p"), "2026-01-01 12:00 PM") == 1767225600 * kSec + 12 * 3600 * kSec);
  CHECK(must_string(pattern("%s"), "1700000000") == 1700000000 * kSec);
  CHECK(must_string(pattern("%s.%f"), "1700000000.123") == 1700000000123000000);
  CHECK(must_string(pattern("%s"), "-1") == -kSec);
}

TEST_CASE("strptime rejects what does not match", "[timestamp]") {
  TimeFormat nginx = pattern("%d/%b/%Y:%H:%M:%S %z");
  for (const char* bad : {"", "10/Oct/2000:13:55:36", "10/Oct/2000:13:55:36 -0700 ", "10/Oct/2000:13:55:36 -0700x",
                          "32/Oct/2000:13:55:36 -0700", "10/Foo/2000:13:55:36 -0700", "30/Feb/2000:13:55:36 -0700",
                          "10/Oct/2000:24:55:36 -0700", "10/Oct/2000:13:60:36 -0700", "10/Oct/2000:13:55:60 -0700",
                          "10/Oct/2000:13:55:36 -2400", "10-Oct-2000:13:55:36 -0700", "10/Oct/2000 13:55:36 -0700"}) {
    INFO("input: '" << bad << "'");
    CHECK_FALSE(parses_string(nginx, bad));
  }
  CHECK_FALSE(parses_string(pattern("%Y-%m-%d %I:%M %p"), "2026-01-01 13:00 PM"));
  CHECK_FALSE(parses_string(pattern("%Y-%m-%d %I:%M %p"), "2026-01-01 11:00 XM"));
  CHECK_FALSE(parses_string(pattern("%Y %Z"), "2026 CET"));
  CHECK_FALSE(parses_string(pattern("%s"), "99999999999"));  // beyond 2262
}

TEST_CASE("epoch strings: auto unit by magnitude, fixed units", "[timestamp]") {
  TimeFormat automatic = TimeFormat::parse("auto");
  CHECK(must_string(automatic, "2026-01-02T03:04:05Z") == 1767323045 * kSec);
  CHECK(must_string(automatic, "1700000000") == 1700000000 * kSec);
  CHECK(must_string(automatic, "1700000000.5") == 1700000000500000000);
  CHECK(must_string(automatic, "1700000000123") == 1700000000123000000);
  CHECK(must_string(automatic, "1700000000123.5") == 1700000000123500000);
  CHECK(must_string(automatic, "1700000000123456") == 1700000000123456000);
  CHECK(must_string(automatic, "1700000000123456789") == 1700000000123456789);
  CHECK(must_string(automatic, "-1.5") == -1'500'000'000);
  CHECK(must_string(automatic, "0") == 0);
  // The 1e11 / 1e14 / 1e17 boundaries: just below each is the smaller unit,
  // which overflows int64 nanoseconds there; at each it is the next unit.
  CHECK_FALSE(parses_string(automatic, "99999999999"));
  CHECK(must_string(automatic, "100000000000") == 100'000'000'000'000'000);
  CHECK_FALSE(parses_string(automatic, "99999999999999"));
  CHECK(must_string(automatic, "100000000000000") == 100'000'000'000'000'000);
  CHECK_FALSE(parses_string(automatic, "99999999999999999"));
  CHECK(must_string(automatic, "100000000000000000") == 100'000'000'000'000'000);
  CHECK(must_string(automatic, "9223372036") == 9223372036 * kSec);
  CHECK_FALSE(parses_string(automatic, "9223372037"));
  CHECK(must_string(automatic, "9223372036854775807") == kMax);
  CHECK(must_string(automatic, "-9223372036854775808") == kMin);
  CHECK_FALSE(parses_string(automatic, "9223372036854775808"));
  for (const char* bad : {"", "abc", "1700000000x", "1.", ".5", "-", "+5", "1e9", " 5", "5 ", "1.2.3", "0x10",
                          "2026-01-02"}) {
    INFO("input: '" << bad << "'");
    CHECK_FALSE(parses_string(automatic, bad));
  }
  CHECK(must_string(TimeFormat::parse("epoch_s"), "1700000000.25") == 1700000000250000000);
  CHECK(must_string(TimeFormat::parse("epoch_s"), "5") == 5 * kSec);
  CHECK(must_string(TimeFormat::parse("epoch_ms"), "5") == 5'000'000);
  CHECK(must_string(TimeFormat::parse("epoch_ms"), "1700000000123.456789") == 1700000000123456789);
  CHECK(must_string(TimeFormat::parse("epoch_us"), "5") == 5'000);
  CHECK(must_string(TimeFormat::parse("epoch_ns"), "5") == 5);
  CHECK_FALSE(parses_string(TimeFormat::parse("epoch_s"), "2026-01-02T03:04:05Z"));
  CHECK_FALSE(parses_string(TimeFormat::parse("rfc3339"), "1700000000"));
}

TEST_CASE("epoch numbers: exact literals, double fallback", "[timestamp]") {
  TimeFormat automatic = TimeFormat::parse("auto");
  Nanos out = 0;
  // The double has lost the low digits; the literal has not.
  REQUIRE(parse_time_number(automatic, 1700000000123456789.0, "1700000000123456789", out));
  CHECK(out == 1700000000123456789);
  REQUIRE(parse_time_number(automatic, 1700000000123.0, "1700000000123 \n", out));
  CHECK(out == 1700000000123000000);
  REQUIRE(parse_time_number(automatic, 1.7e9, "1.7e9", out));
  CHECK(out == 1700000000 * kSec);
  REQUIRE(parse_time_number(automatic, 1.5, "", out));
  CHECK(out == 1'500'000'000);
  REQUIRE(parse_time_number(automatic, -1.5, "-1.5", out));
  CHECK(out == -1'500'000'000);
  REQUIRE(parse_time_number(automatic, 1.7e12, "1.7E12", out));  // ms by magnitude
  CHECK(out == 1700000000 * kSec);
  REQUIRE(parse_time_number(TimeFormat::parse("epoch_ms"), 1700000000123.0, "1700000000123", out));
  CHECK(out == 1700000000123000000);
  REQUIRE(parse_time_number(TimeFormat::parse("epoch_us"), 5.0, "5", out));
  CHECK(out == 5'000);
  REQUIRE(parse_time_number(TimeFormat::parse("epoch_ns"), 1e18, "1e18", out));
  CHECK(out == 1'000'000'000'000'000'000);
  REQUIRE(parse_time_number(pattern("%s"), 1700000000.0, "1700000000", out));
  CHECK(out == 1700000000 * kSec);
  CHECK_FALSE(parse_time_number(TimeFormat::parse("rfc3339"), 1700000000.0, "1700000000", out));
  CHECK_FALSE(parse_time_number(automatic, 1e300, "1e300", out));
  CHECK_FALSE(parse_time_number(automatic, std::numeric_limits<double>::infinity(), "", out));
  CHECK_FALSE(parse_time_number(automatic, std::numeric_limits<double>::quiet_NaN(), "", out));
  CHECK_FALSE(parse_time_number(TimeFormat::parse("epoch_s"), 1e10, "1e10", out));  // beyond 2262
  CHECK_FALSE(parse_time_number(TimeFormat::parse("epoch_s"), 1e10, "10000000000", out));
}

TEST_CASE("parse_time_out names the output formats", "[timestamp]") {
  CHECK(parse_time_out("rfc3339") == TimeOutFormat::Rfc3339);
  CHECK(parse_time_out("epoch_ms") == TimeOutFormat::EpochMs);
  CHECK(parse_time_out("epoch_ns") == TimeOutFormat::EpochNs);
  CHECK_THROWS_WITH(parse_time_out("epoch_s"), Catch::Contains("expected rfc3339, epoch_ms or epoch_ns"));
}
