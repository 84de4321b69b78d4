// Rotary position embeddings in the Hugging Face rotate_half layout: the head dimension is split in
// two halves (x1, x2) and rotated as (x1 cos - x2 sin, x2 cos + x1 sin). Angles are computed in
// float32 from explicit position ids, so left-padded rows get the positions of their real tokens.
#pragma once
#include <torch/torch.h>

#include "model/config.h"

namespace hycam {

class RotaryEmbedding {
 public:
  explicit RotaryEmbedding(const ModelConfig& cfg);
  // positions [B,T] int64 -> (cos, sin), each [B,1,T,hd], in `dtype`.
  std::pair<torch::Tensor, torch::Tensor> cos_sin(const torch::Tensor& positions,
                                                  torch::Dtype dtype) const;

 private:
  torch::Tensor inv_freq_;  // [hd/2] float32
};

// x [B,H,T,hd] rotated by (cos, sin) [B,1,T,hd].
torch::Tensor apply_rotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

}  // namespace hycam
