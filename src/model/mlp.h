// SiLU-gated MLP: down(SiLU(gate z) * up z). gate and up run as one fused product.
#pragma once
#include <torch/torch.h>

#include <map>
#include <string>

#include "model/config.h"
#include "model/hooks.h"

namespace hycam {

class MLPImpl : public torch::nn::Module {
 public:
  explicit MLPImpl(const ModelConfig& cfg);
  torch::Tensor forward(const torch::Tensor& z, ForwardContext& ctx);  // [B,T,D] -> [B,T,D]

  // Installs an adapter delta on "gate_proj", "up_proj" or "down_proj".
  void set_delta(const std::string& proj, std::shared_ptr<ProjectionDeltaImpl> delta);
  std::shared_ptr<ProjectionDeltaImpl> delta(const std::string& proj) const;

  torch::Tensor gate_up_weight;  // [2I, D] = cat(gate_proj, up_proj)
  torch::Tensor gate_up_bias;    // [2I] or undefined
  torch::Tensor down_weight;     // [D, I]
  torch::Tensor down_bias;       // [D] or undefined

 private:
  int64_t inter_;
  std::map<std::string, std::shared_ptr<ProjectionDeltaImpl>> deltas_;
};
TORCH_MODULE(MLP);

// SiLU(gate) * up from the fused product gate_up [.., 2I] (gate first). Its backward pass writes
// the gradient of gate_up in place of autograd's silu, mul and two slice backwards (which
// zero-fill and add [.., 2I] buffers): three element-wise passes instead of about twelve.
torch::Tensor swiglu(const torch::Tensor& gate_up);

}  // namespace hycam
