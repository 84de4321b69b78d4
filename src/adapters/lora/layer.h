// LoRA (Hu et al. 2021) as PEFT does it: y = W x + b + (alpha / r) * B(A(dropout(x))),
// A Kaiming-uniform, B zero, so a fresh adapter leaves the projection unchanged.
// Parameters are named lora_A.weight [R,in] and lora_B.weight [out,R], PEFT's names.
#pragma once
#include <torch/torch.h>

#include "model/hooks.h"

namespace hycam {

class LoraDeltaImpl : public ProjectionDeltaImpl {
 public:
  LoraDeltaImpl(int64_t in, int64_t out, int64_t rank, double alpha, double dropout);
  torch::Tensor delta(const torch::Tensor& x, ForwardContext& ctx) override;

  torch::Tensor lora_a, lora_b;
  // W + (alpha/r) B A: the merged weight for export.
  torch::Tensor merged(const torch::Tensor& base_weight) const;

 private:
  double scale_, dropout_;
};
TORCH_MODULE(LoraDelta);

}  // namespace hycam
