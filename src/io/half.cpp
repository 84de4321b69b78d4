#include "io/half.h"

#include <cmath>
#include <cstring>

namespace hycam::io {
namespace {

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// Drops the low `shift` bits of `v`, rounding to nearest with ties to even.
uint32_t round_shift(uint32_t v, int shift) {
  const uint32_t kept = v >> shift;
  const uint32_t rest = v & ((1u << shift) - 1);
  const uint32_t half = 1u << (shift - 1);
  return (rest > half || (rest == half && (kept & 1))) ? kept + 1 : kept;
}

}  // namespace

float f16_to_f32(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1F;
  const uint32_t mant = h & 0x3FF;
  if (exp == 0x1F) return float_of(sign | 0x7F800000 | (mant << 13));        // inf / NaN
  if (exp != 0) return float_of(sign | ((exp + 112) << 23) | (mant << 13));  // rebias 15 -> 127
  const float sub = std::ldexp(float(mant), -24);  // subnormal: mant * 2^-24, exact in float32
  return sign ? -sub : sub;
}

float bf16_to_f32(uint16_t bits) { return float_of(uint32_t(bits) << 16); }

uint16_t f32_to_bf16(float value) {
  const uint32_t x = bits_of(value);
  // Rounding a NaN with a small payload would carry into the exponent and give infinity.
  if ((x & 0x7FFFFFFF) > 0x7F800000) return uint16_t((x >> 16) | 0x0040);
  return uint16_t(round_shift(x, 16));  // a carry into the exponent is the correct rounding
}

uint16_t f32_to_f16(float value) {
  const uint32_t x = bits_of(value);
  const uint16_t sign = uint16_t((x >> 16) & 0x8000);
  const uint32_t absx = x & 0x7FFFFFFF;
  if (absx > 0x7F800000) return sign | 0x7E00 | ((absx >> 13) & 0x3FF);  // quiet NaN
  if (absx >= 0x477FF000) return sign | 0x7C00;  // >= 65520 rounds past 65504 (max half): inf
  if (absx >= 0x38800000)                        // normal half (>= 2^-14): rebias 127 -> 15
    return sign | uint16_t(round_shift(absx - 0x38000000, 13));
  const int exp = int(absx >> 23);
  if (exp < 102) return sign;  // below 2^-25: rounds to zero
  // Subnormal half: value / 2^-24 with the implicit leading bit made explicit.
  return sign | uint16_t(round_shift((absx & 0x7FFFFF) | 0x800000, 126 - exp));
}

}  // namespace hycam::io
