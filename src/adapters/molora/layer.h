// A mixture of LoRA experts on one projection (the multi-LoRA baseline of the HyCAM paper):
//   p = softmax(x Wr^T + br);  w = p on the top-k experts (renormalised when k > 1), 0 elsewhere
//   delta = (alpha / r) * sum_k w_k B_k(A_k x)  =  (alpha / r) * [B_1..B_K] (w (x) [A_1..A_K] x)
// The right-hand form runs all experts as two products over the stacked weights. Routing is
// recorded for the same load-balancing loss as HyCAM.
// Dimension legend: N tokens, K experts, R rank.
#pragma once
#include <torch/torch.h>

#include "model/hooks.h"

namespace hycam {

class MoLoraDeltaImpl : public ProjectionDeltaImpl {
 public:
  MoLoraDeltaImpl(int64_t in, int64_t out, int64_t rank, double alpha, double dropout,
                  int64_t experts, int64_t top_k, int64_t layer, double init_range);
  torch::Tensor delta(const torch::Tensor& x, ForwardContext& ctx) override;
  // Per-expert views experts.{k}.lora_A.weight [R,in], experts.{k}.lora_B.weight [out,R].
  NamedTensors file_tensors() override;

 private:
  int64_t experts_, rank_, top_k_, layer_;
  double scale_, dropout_;
  torch::Tensor router_w, router_b;  // [K,in], [K]
  torch::Tensor a_w;                 // [K*R, in]  (expert k = rows k*R .. k*R+R-1)
  torch::Tensor b_w;                 // [out, K*R] (expert k = columns k*R .. k*R+R-1)
};
TORCH_MODULE(MoLoraDelta);

}  // namespace hycam
