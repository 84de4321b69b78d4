// The HyCAM modulation of one decoder block (Pan et al., CIKM 2025), and with zero experts the
// plain shared CAM:
//
//   S   = SiLU(x Ws^T + bs) + 1                         shared full-parameter CAM, Ws = bs = 0 at init
//   l   = x Wr^T + br;  g = route(l)                    one expert per token
//   E_k = SiLU(s * (B_k(N_k(A_k x + a_k) + n_k) + b_k)),  s = alpha / r;  B_k = b_k = 0 at init
//   M   = S + sum_k g_k E_k
//   attn placement: h1 = h + a * M      residual placement: h1 = (h + a) * M
//
// At init M == 1 exactly, so the adapted model equals the base model bit for bit.
// The K experts are stacked ([K,r,D] etc.) and run as batched products. Training needs every
// expert's output (the straight-through gradient reaches all of them); inference with hard routing
// computes only each token's chosen expert.
// Dimension legend: N tokens, D hidden, R rank, K experts.
#pragma once
#include <torch/torch.h>

#include "adapters/options.h"
#include "model/hooks.h"

namespace hycam {

class CamModulatorImpl : public BlockModulatorImpl {
 public:
  // experts = 0 gives the shared CAM alone (method cam).
  CamModulatorImpl(int64_t dim, int64_t experts, const AdapterOptions& opts, int64_t layer);

  torch::Tensor combine(const torch::Tensor& h, const torch::Tensor& x, const torch::Tensor& a,
                        ForwardContext& ctx) override;
  // Per-expert views named experts.{k}.{A,N,B}.{weight,bias}, as in the golden adapter file.
  NamedTensors file_tensors() override;
  // The official initialisation: see the header comment; router ~ N(0, init_range).
  void reset_parameters(double init_range);

  // M [N,D] for token rows x [N,D] (exposed for tests and benchmarks).
  torch::Tensor modulation(const torch::Tensor& x, ForwardContext& ctx);

 private:
  torch::Tensor experts_dense(const torch::Tensor& x) const;    // [K,N,D], every expert
  torch::Tensor experts_routed(const torch::Tensor& x, const torch::Tensor& choice) const;  // [N,D]
  torch::Tensor route(const torch::Tensor& logits, const ForwardContext& ctx) const;

  int64_t experts_, rank_, layer_;
  double scale_, tau_;
  bool residual_placement_;
  std::string inference_routing_;  // argmax | sample | soft
  torch::Tensor shared_w, shared_b;    // [D,D], [D]
  torch::Tensor router_w, router_b;    // [K,D], [K]
  torch::Tensor a_w, a_b, n_w, n_b;    // [K,R,D], [K,R], [K,R,R], [K,R]
  torch::Tensor b_w, b_b;              // [K,D,R], [K,D]
};
TORCH_MODULE(CamModulator);

}  // namespace hycam
