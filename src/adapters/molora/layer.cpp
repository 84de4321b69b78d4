#include "adapters/molora/layer.h"

#include <cmath>

namespace hycam {

MoLoraDeltaImpl::MoLoraDeltaImpl(int64_t in, int64_t out, int64_t rank, double alpha, double dropout,
                                 int64_t experts, int64_t top_k, int64_t layer, double init_range)
    : experts_(experts), rank_(rank), top_k_(top_k), layer_(layer), scale_(alpha / rank), dropout_(dropout) {
  router_w = register_parameter("router_weight", torch::empty({experts, in}));
  router_b = register_parameter("router_bias", torch::zeros({experts}));
  a_w = register_parameter("experts_lora_A_weight", torch::empty({experts * rank, in}));
  b_w = register_parameter("experts_lora_B_weight", torch::zeros({out, experts * rank}));
  torch::NoGradGuard no_grad;
  router_w.normal_(0.0, init_range);
  const double bound = 1.0 / std::sqrt(static_cast<double>(in));
  a_w.uniform_(-bound, bound);
}

NamedTensors MoLoraDeltaImpl::file_tensors() {
  NamedTensors out = {{"router.weight", router_w}, {"router.bias", router_b}};
  for (int64_t k = 0; k < experts_; ++k) {
    const std::string p = "experts." + std::to_string(k) + ".";
    out.push_back({p + "lora_A.weight", a_w.narrow(0, k * rank_, rank_)});
    out.push_back({p + "lora_B.weight", b_w.narrow(1, k * rank_, rank_)});
  }
  return out;
}

torch::Tensor MoLoraDeltaImpl::delta(const torch::Tensor& x, ForwardContext& ctx) {
  const auto shape = x.sizes();
  auto rows = x.reshape({-1, x.size(-1)});                               // [N,in]
  auto logits = torch::nn::functional::linear(rows, router_w, router_b);  // [N,K]
  auto probs = torch::softmax(logits, -1);
  auto top = std::get<1>(probs.topk(top_k_, -1));
  auto chosen = torch::zeros_like(probs).scatter_(-1, top, 1.0);          // [N,K] 0/1
  auto weights = probs * chosen;
  // Top-1 keeps the raw probability (as Switch Transformer), or the router would get no gradient.
  if (top_k_ > 1) weights = weights / weights.sum(-1, true);
  if (ctx.record_routing) {
    auto keep = ctx.token_mask.defined() ? ctx.token_mask.reshape({-1}) : torch::Tensor();
    ctx.routing.push_back({layer_, keep.defined() ? logits.index({keep}) : logits,
                           keep.defined() ? chosen.index({keep}) : chosen});
  }
  auto input = (dropout_ > 0 && ctx.training) ? torch::dropout(rows, dropout_, true) : rows;
  auto za = torch::matmul(input, a_w.t()).view({-1, experts_, rank_});   // [N,K,R]
  za = (za * weights.unsqueeze(-1)).view({-1, experts_ * rank_});
  auto out = torch::matmul(za, b_w.t()) * scale_;                        // [N,out]
  std::vector<int64_t> out_shape(shape.begin(), shape.end());
  out_shape.back() = out.size(-1);
  return out.view(out_shape);
}

}  // namespace hycam
