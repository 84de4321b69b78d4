// Scalar conversions between float32 and the two 16-bit float formats stored in safetensors files.
// The model loader widens F16/BF16 weights with these; writers narrow float32 with them.
#pragma once
#include <cstdint>

namespace hycam::io {

float f16_to_f32(uint16_t bits);   // IEEE half: exact (subnormals, infinities, NaN kept)
float bf16_to_f32(uint16_t bits);  // bfloat16 is the top half of a float32: exact
// Round to nearest, ties to even; overflow gives infinity; NaN stays a (quiet) NaN.
uint16_t f32_to_bf16(float value);
uint16_t f32_to_f16(float value);

}  // namespace hycam::io
