#include "libcommon/state_codec.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "libcommon/errors.h"

using sp::CheckpointError;
using sp::StateReader;
using sp::StateWriter;

namespace {

constexpr const char* kCorrupt = "checkpoint state is truncated or corrupt";

std::string encode_everything() {
  StateWriter w;
  w.u8(0);
  w.u8(255);
  w.u32(0xdeadbeef);
  w.u64(std::numeric_limits<uint64_t>::max());
  w.i64(std::numeric_limits<int64_t>::min());
  w.i64(-1);
  w.f64(3.25);
  w.f64(-0.0);
  w.f64(std::numeric_limits<double>::quiet_NaN());
  w.boolean(true);
  w.boolean(false);
  w.varint(0);
  w.varint(127);
  w.varint(128);
  w.varint(std::numeric_limits<uint64_t>::max());
  w.svarint(-1);
  w.svarint(std::numeric_limits<int64_t>::min());
  w.svarint(std::numeric_limits<int64_t>::max());
  w.str("");
  w.str(std::string("a\0b\xff", 4));
  w.str(std::string(300, 'x'));
  w.count(2);  // two one-byte elements follow
  w.u8(7);
  w.u8(8);
  return w.take();
}

// Reads back exactly what encode_everything() wrote.
void decode_everything(StateReader& r) {
  CHECK(r.u8() == 0);
  CHECK(r.u8() == 255);
  CHECK(r.u32() == 0xdeadbeef);
  CHECK(r.u64() == std::numeric_limits<uint64_t>::max());
  CHECK(r.i64() == std::numeric_limits<int64_t>::min());
  CHECK(r.i64() == -1);
  CHECK(r.f64() == 3.25);
  double negzero = r.f64();
  CHECK(negzero == 0.0);
  CHECK(std::signbit(negzero));
  CHECK(std::isnan(r.f64()));
  CHECK(r.boolean() == true);
  CHECK(r.boolean() == false);
  CHECK(r.varint() == 0);
  CHECK(r.varint() == 127);
  CHECK(r.varint() == 128);
  CHECK(r.varint() == std::numeric_limits<uint64_t>::max());
  CHECK(r.svarint() == -1);
  CHECK(r.svarint() == std::numeric_limits<int64_t>::min());
  CHECK(r.svarint() == std::numeric_limits<int64_t>::max());
  CHECK(r.str() == "");
  CHECK(r.str() == std::string("a\0b\xff", 4));
  CHECK(r.str() == std::string(300, 'x'));
  CHECK(r.count() == 2);
  CHECK(r.u8() == 7);
  CHECK(r.u8() == 8);
}

// Reads the same sequence without checking values, so that an exception
// escapes (a CHECK would swallow it).
void read_everything(StateReader& r) {
  for (int i = 0; i < 2; ++i) r.u8();
  r.u32();
  for (int i = 0; i < 3; ++i) r.u64();
  for (int i = 0; i < 3; ++i) r.f64();
  for (int i = 0; i < 2; ++i) r.boolean();
  for (int i = 0; i < 4; ++i) r.varint();
  for (int i = 0; i < 3; ++i) r.svarint();
  for (int i = 0; i < 3; ++i) r.str();
  r.count();
  r.u8();
  r.u8();
}

}  // namespace

TEST_CASE("state codec round-trips every type and extreme value", "[state_codec]") {
  std::string bytes = encode_everything();
  StateReader r(bytes);
  decode_everything(r);
  CHECK(r.at_end());
  StateReader again(bytes);
  CHECK_NOTHROW(read_everything(again));
  CHECK(again.at_end());
  CHECK_NOTHROW(r.expect_end());
}

TEST_CASE("state codec layout is little-endian and compact", "[state_codec]") {
  StateWriter w;
  w.u32(0x01020304);
  w.u64(0x0102030405060708ull);
  CHECK(w.data() == std::string("\x04\x03\x02\x01\x08\x07\x06\x05\x04\x03\x02\x01", 12));

  auto varint_size = [](uint64_t v) {
    StateWriter s;
    s.varint(v);
    return s.data().size();
  };
  CHECK(varint_size(0) == 1);
  CHECK(varint_size(127) == 1);
  CHECK(varint_size(128) == 2);
  CHECK(varint_size(std::numeric_limits<uint64_t>::max()) == 10);

  StateWriter s;
  s.svarint(-1);
  s.svarint(1);
  CHECK(s.data() == std::string("\x01\x02", 2));

  StateWriter t;
  t.str("hi");
  CHECK(t.data() == std::string("\x02hi", 3));
}

TEST_CASE("state codec refuses every truncation", "[state_codec]") {
  std::string bytes = encode_everything();
  for (size_t len = 0; len < bytes.size(); ++len) {
    INFO("truncated to " << len << " of " << bytes.size() << " bytes");
    StateReader r(std::string_view(bytes).substr(0, len));
    // Reading the whole sequence must fail somewhere, never read past the end.
    CHECK_THROWS_WITH(read_everything(r), kCorrupt);
  }
}

TEST_CASE("state codec refuses malformed values", "[state_codec]") {
  SECTION("a varint longer than 10 bytes") {
    std::string bytes(11, '\x80');
    StateReader r(bytes);
    CHECK_THROWS_AS(r.varint(), CheckpointError);
  }
  SECTION("a 10th varint byte that would overflow 64 bits") {
    std::string bytes(9, '\xff');
    bytes += '\x02';
    StateReader r(bytes);
    CHECK_THROWS_WITH(r.varint(), kCorrupt);
  }
  SECTION("a string length beyond the end, even a huge one") {
    StateWriter w;
    w.varint(std::numeric_limits<uint64_t>::max());
    w.u8('x');
    StateReader r(w.data());
    CHECK_THROWS_WITH(r.str(), kCorrupt);
    StateWriter w2;
    w2.varint(5);
    w2.u32(0);
    StateReader r2(w2.data());
    CHECK_THROWS_WITH(r2.str(), kCorrupt);
  }
  SECTION("a bool that is neither 0 nor 1") {
    std::string bytes = "\x02";
    StateReader r(bytes);
    CHECK_THROWS_WITH(r.boolean(), kCorrupt);
  }
  SECTION("trailing bytes") {
    StateWriter w;
    w.u8(1);
    w.u8(2);
    StateReader r(w.data());
    r.u8();
    CHECK(!r.at_end());
    CHECK(r.remaining() == 1);
    CHECK_THROWS_WITH(r.expect_end(), kCorrupt);
  }
}

TEST_CASE("state codec count guards against corrupt element counts", "[state_codec]") {
  StateWriter w;
  w.count(3);
  w.u64(1);
  w.u64(2);
  StateReader r(w.data());
  CHECK_THROWS_WITH(r.count(8), kCorrupt);  // 3 x 8 bytes cannot fit in 16
  StateReader r2(w.data());
  CHECK(r2.count(4) == 3);  // 3 x 4 bytes can
}
