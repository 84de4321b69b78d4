#include "model/mlp.h"

#include "util/error.h"

namespace hycam {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

class SwiGLU : public torch::autograd::Function<SwiGLU> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& gate_up) {
    const int64_t inter = gate_up.size(-1) / 2;
    auto act = torch::silu(gate_up.narrow(-1, 0, inter));
    ctx->save_for_backward({gate_up, act});
    return act * gate_up.narrow(-1, inter, inter);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &gate_up = saved[0], &act = saved[1], &grad = grads[0];
    const int64_t inter = gate_up.size(-1) / 2;
    auto d_gate_up = torch::empty_like(gate_up);
    auto d_gate = d_gate_up.narrow(-1, 0, inter), d_up = d_gate_up.narrow(-1, inter, inter);
    at::mul_out(d_up, grad, act);
    at::silu_backward_out(d_gate, grad * gate_up.narrow(-1, inter, inter), gate_up.narrow(-1, 0, inter));
    return {d_gate_up};
  }
};

}  // namespace

torch::Tensor swiglu(const torch::Tensor& gate_up) {
  return SwiGLU::apply(gate_up);
}

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
  auto d_gate = delta("gate_proj"), d_up = delta("up_proj");
  if (d_gate || d_up) {
    auto zero = torch::zeros({}, z.options());
    gate_up = torch::cat({gate_up.narrow(-1, 0, inter_) + (d_gate ? d_gate->delta(z, ctx) : zero),
                          gate_up.narrow(-1, inter_, inter_) + (d_up ? d_up->delta(z, ctx) : zero)}, -1);
  }
  auto hidden = swiglu(gate_up);                                                 // [B,T,I]
  auto out = torch::nn::functional::linear(hidden, down_weight, down_bias);
  if (auto d = delta("down_proj")) out = out + d->delta(hidden, ctx);
  return out;
}

}  // namespace hycam
