// f16/bf16 <-> f32: hand-computed bit patterns for the rounding cases, then exhaustive round trips
// and, where the compiler has _Float16, a sweep against the hardware conversion.
#include "io/half.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace hycam::io {
namespace {

float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

TEST(Half, Bf16RoundsToNearestEven) {
  EXPECT_EQ(f32_to_bf16(1.0f), 0x3F80);
  EXPECT_EQ(f32_to_bf16(-2.0f), 0xC000);
  EXPECT_EQ(f32_to_bf16(float_of(0x3F808000)), 0x3F80);  // 1 + 2^-8: tie, 0x3F80 is even
  EXPECT_EQ(f32_to_bf16(float_of(0x3F818000)), 0x3F82);  // 1 + 3*2^-8: tie, up to even 0x3F82
  EXPECT_EQ(f32_to_bf16(float_of(0x3F808001)), 0x3F81);  // just above the tie: up
  EXPECT_EQ(f32_to_bf16(float_of(0x3F807FFF)), 0x3F80);  // just below the tie: down
  EXPECT_EQ(f32_to_bf16(0.1f), 0x3DCD);                  // 0x3DCCCCCD: low half 0xCCCD > 0x8000
  EXPECT_EQ(f32_to_bf16(3.14159274f), 0x4049);           // 0x40490FDB: low half 0x0FDB, down
  EXPECT_EQ(f32_to_bf16(std::numeric_limits<float>::max()), 0x7F80);  // rounds up to +inf
  EXPECT_EQ(f32_to_bf16(-std::numeric_limits<float>::infinity()), 0xFF80);
}

TEST(Half, Bf16KeepsNaN) {
  // Plain rounding of 0x7F800001 would carry into the exponent and give +inf (0x7F80).
  EXPECT_EQ(f32_to_bf16(float_of(0x7F800001)), 0x7FC0);
  EXPECT_TRUE(std::isnan(bf16_to_f32(f32_to_bf16(std::nanf("")))));
}

TEST(Half, Bf16WidensExactly) {
  EXPECT_EQ(bf16_to_f32(0x3F80), 1.0f);
  EXPECT_EQ(bf16_to_f32(0x4049), 3.140625f);
  EXPECT_EQ(bf16_to_f32(0x3DCD), float_of(0x3DCD0000));
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = bf16_to_f32(uint16_t(h));
    if (!std::isnan(f)) ASSERT_EQ(f32_to_bf16(f), h) << std::hex << h;
  }
}

TEST(Half, F16HandPatterns) {
  EXPECT_EQ(f32_to_f16(1.0f), 0x3C00);
  EXPECT_EQ(f32_to_f16(-2.0f), 0xC000);
  EXPECT_EQ(f32_to_f16(0.1f), 0x2E66);
  EXPECT_EQ(f32_to_f16(65504.0f), 0x7BFF);                      // largest half
  EXPECT_EQ(f32_to_f16(65519.0f), 0x7BFF);                      // below the midpoint to 65536
  EXPECT_EQ(f32_to_f16(65520.0f), 0x7C00);                      // the midpoint, ties to even: inf
  EXPECT_EQ(f32_to_f16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);  // tie, even stays
  EXPECT_EQ(f32_to_f16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie, up to even
  EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -14)), 0x0400);             // smallest normal
  EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -24)), 0x0001);             // smallest subnormal
  EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -25)), 0x0000);             // half of it: tie to even zero
  EXPECT_EQ(f32_to_f16(std::ldexp(1.5f, -25)), 0x0001);
  EXPECT_EQ(f32_to_f16(-0.0f), 0x8000);
  EXPECT_EQ(f32_to_f16(std::nanf("")) & 0x7E00, 0x7E00);  // quiet NaN
}

TEST(Half, F16WidensExactly) {
  EXPECT_EQ(f16_to_f32(0x3555), 0.333251953125f);
  EXPECT_EQ(f16_to_f32(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(f16_to_f32(0x83FF), -std::ldexp(1023.0f, -24));
  EXPECT_EQ(f16_to_f32(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(f16_to_f32(0x7E00)));
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = f16_to_f32(uint16_t(h));
    if (!std::isnan(f)) ASSERT_EQ(f32_to_f16(f), h) << std::hex << h;
  }
}

#ifdef __FLT16_MAX__
// The compiler's float -> _Float16 conversion rounds to nearest even too: compare a sweep of
// float bit patterns covering every exponent (normals, subnormals, overflow).
TEST(Half, F16MatchesCompilerConversion) {
  for (uint64_t u = 0; u <= 0xFFFFFFFFull; u += 0x1003) {
    const float f = float_of(uint32_t(u));
    if (std::isnan(f)) continue;
    const _Float16 h = static_cast<_Float16>(f);
    uint16_t expected;
    std::memcpy(&expected, &h, sizeof expected);
    ASSERT_EQ(f32_to_f16(f), expected) << std::hex << u;
  }
}
#endif

}  // namespace
}  // namespace hycam::io
