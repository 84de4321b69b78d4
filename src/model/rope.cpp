#include "model/rope.h"

#include <cmath>

namespace hycam {
namespace {

// Llama-3.1/3.2 scaling: low frequencies slowed by `factor`, high ones kept, the band between blended.
torch::Tensor llama3_scaled(const torch::Tensor& inv, const RopeScaling& rs) {
  const double old = static_cast<double>(rs.original_max_positions);
  auto wavelen = 2 * M_PI / inv;
  auto blend = ((old / wavelen - rs.low_freq_factor) / (rs.high_freq_factor - rs.low_freq_factor))
                   .clamp(0, 1);
  auto mid = (1 - blend) * inv / rs.factor + blend * inv;
  return torch::where(wavelen > old / rs.low_freq_factor, inv / rs.factor,
                      torch::where(wavelen < old / rs.high_freq_factor, inv, mid));
}

}  // namespace

RotaryEmbedding::RotaryEmbedding(const ModelConfig& cfg) {
  const int64_t hd = cfg.head_dim;
  // Same float32 operations as HF: inv_freq_j = 1 / theta^(2j / hd).
  auto exponent = torch::arange(0, hd, 2, torch::kInt64).to(torch::kFloat32) / static_cast<double>(hd);
  inv_freq_ = 1.0 / torch::pow(cfg.rope_theta, exponent);
  if (cfg.rope_scaling.type == "linear") inv_freq_ = inv_freq_ / cfg.rope_scaling.factor;
  if (cfg.rope_scaling.type == "llama3") inv_freq_ = llama3_scaled(inv_freq_, cfg.rope_scaling);
}

std::pair<torch::Tensor, torch::Tensor> RotaryEmbedding::cos_sin(const torch::Tensor& positions,
                                                                 torch::Dtype dtype) const {
  auto inv = inv_freq_.to(positions.device());
  auto angles = positions.to(torch::kFloat32).unsqueeze(-1) * inv;  // [B,T,hd/2]
  angles = torch::cat({angles, angles}, -1).unsqueeze(1);           // [B,1,T,hd]
  return {angles.cos().to(dtype), angles.sin().to(dtype)};
}

torch::Tensor apply_rotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
  const int64_t half = x.size(-1) / 2;
  auto x1 = x.narrow(-1, 0, half), x2 = x.narrow(-1, half, half);
  auto rotated = torch::cat({-x2, x1}, -1);
  return x * cos + rotated * sin;
}

}  // namespace hycam
