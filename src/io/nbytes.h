// Internal to src/io: the byte count of a tensor, shared by the reader and the writer so both
// apply the same overflow rule.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "io/safetensors.h"

namespace hycam::io::detail {

// dtype_size x product(shape) into *out; false when that does not fit in 64 bits. A zero
// dimension makes the tensor empty however large the other dimensions are.
inline bool tensor_nbytes(const std::vector<int64_t>& shape, DType dtype, uint64_t* out) {
  *out = 0;
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return true;
  uint64_t n = dtype_size(dtype);
  for (int64_t d : shape)
    if (__builtin_mul_overflow(n, uint64_t(d), &n)) return false;
  *out = n;
  return true;
}

}  // namespace hycam::io::detail
