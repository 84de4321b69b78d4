#include "model/mlp.h"

#include "util/error.h"

namespace hycam {

MLPImpl::MLPImpl(const ModelConfig& cfg) : inter_(cfg.intermediate) {
  gate_up_weight = register_parameter("gate_up_weight", torch::zeros({2 * inter_, cfg.hidden}), false);
  down_weight = register_parameter("down_weight", torch::zeros({cfg.hidden, inter_}), false);
  if (cfg.mlp_bias) {
    gate_up_bias = register_parameter("gate_up_bias", torch::zeros({2 * inter_}), false);
    down_bias = register_parameter("down_bias", torch::zeros({cfg.hidden}), false);
  }
}

void MLPImpl::set_delta(const std::string& proj, std::shared_ptr<ProjectionDeltaImpl> delta) {
  if (proj != "gate_proj" && proj != "up_proj" && proj != "down_proj")
    throw Error("mlp has no projection '" + proj + "' (gate_proj, up_proj, down_proj)");
  deltas_[proj] = register_module(proj, std::move(delta));
}

std::shared_ptr<ProjectionDeltaImpl> MLPImpl::delta(const std::string& proj) const {
  auto it = deltas_.find(proj);
  return it == deltas_.end() ? nullptr : it->second;
}

torch::Tensor MLPImpl::forward(const torch::Tensor& z, ForwardContext& ctx) {
  auto gate_up = torch::nn::functional::linear(z, gate_up_weight, gate_up_bias);  // [B,T,2I]
  auto gate = gate_up.narrow(-1, 0, inter_), up = gate_up.narrow(-1, inter_, inter_);
  if (auto d = delta("gate_proj")) gate = gate + d->delta(z, ctx);
  if (auto d = delta("up_proj")) up = up + d->delta(z, ctx);
  auto hidden = torch::silu(gate) * up;                                          // [B,T,I]
  auto out = torch::nn::functional::linear(hidden, down_weight, down_bias);
  if (auto d = delta("down_proj")) out = out + d->delta(hidden, ctx);
  return out;
}

}  // namespace hycam
