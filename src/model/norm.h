// RMSNorm: x * rsqrt(mean(x^2) + eps) * w, computed in (at least) float32 as Hugging Face does.
#pragma once
#include <torch/torch.h>

namespace hycam {

class RMSNormImpl : public torch::nn::Module {
 public:
  RMSNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight = register_parameter("weight", torch::ones({dim}), /*requires_grad=*/false);
  }
  torch::Tensor forward(const torch::Tensor& x) {
    auto xf = x.scalar_type() == torch::kFloat64 ? x : x.to(torch::kFloat32);
    xf = xf * torch::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps_);
    return weight * xf.to(x.scalar_type());
  }
  torch::Tensor weight;

 private:
  double eps_;
};
TORCH_MODULE(RMSNorm);

}  // namespace hycam
