#include "adapters/lora/layer.h"

#include <cmath>

namespace hycam {

LoraDeltaImpl::LoraDeltaImpl(int64_t in, int64_t out, int64_t rank, double alpha, double dropout)
    : scale_(alpha / rank), dropout_(dropout) {
  auto a_holder = register_module("lora_A", std::make_shared<torch::nn::Module>());
  auto b_holder = register_module("lora_B", std::make_shared<torch::nn::Module>());
  lora_a = a_holder->register_parameter("weight", torch::empty({rank, in}));
  lora_b = b_holder->register_parameter("weight", torch::zeros({out, rank}));
  torch::NoGradGuard no_grad;
  const double bound = 1.0 / std::sqrt(static_cast<double>(in));  // kaiming_uniform_(a=sqrt 5)
  lora_a.uniform_(-bound, bound);
}

torch::Tensor LoraDeltaImpl::delta(const torch::Tensor& x, ForwardContext& ctx) {
  auto input = (dropout_ > 0 && ctx.training) ? torch::dropout(x, dropout_, true) : x;
  return torch::matmul(torch::matmul(input, lora_a.t()), lora_b.t()) * scale_;
}

torch::Tensor LoraDeltaImpl::merged(const torch::Tensor& base_weight) const {
  return base_weight + torch::matmul(lora_b, lora_a) * scale_;
}

}  // namespace hycam
