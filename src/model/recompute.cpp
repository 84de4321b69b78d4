#include "model/recompute.h"

#include <ATen/Context.h>

namespace hycam {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// What the backward pass needs to run the block again: kept on the autograd node.
struct BlockCall : torch::CustomClassHolder {
  DecoderBlock block;
  torch::Tensor cos, sin, mask;
  ForwardContext ctx;  // flags, token mask and row shard of the caller; routing starts empty
  torch::Tensor rng_state;
  std::vector<int64_t> routed_layers;  // layer of each routing record the block appended

  BlockCall(DecoderBlock b, torch::Tensor c, torch::Tensor s, torch::Tensor m, const ForwardContext& caller)
      : block(std::move(b)), cos(std::move(c)), sin(std::move(s)), mask(std::move(m)) {
    ctx.training = caller.training;
    ctx.token_mask = caller.token_mask;
    ctx.record_routing = caller.record_routing;
    ctx.rows = caller.rows;
  }

  // {block output, then logits and gates of each routing record}, as the checkpointed outputs.
  variable_list run(const torch::Tensor& h) {
    ForwardContext local = ctx;
    auto out = block->forward(h, cos, sin, mask, nullptr, local);
    variable_list outputs = {out};
    routed_layers.clear();
    for (const auto& r : local.routing) {
      outputs.push_back(r.logits);
      outputs.push_back(r.gates);
      routed_layers.push_back(r.layer);
    }
    return outputs;
  }
};

at::Generator device_generator(const torch::Tensor& t) {
  return at::globalContext().defaultGenerator(t.device());
}

class CheckpointedBlock : public torch::autograd::Function<CheckpointedBlock> {
 public:
  // Inputs: the block input and the block's trainable parameters (so autograd routes their
  // gradients here); `call` carries everything else.
  static variable_list forward(AutogradContext* actx, torch::Tensor h, torch::TensorList params,
                               c10::intrusive_ptr<BlockCall> call) {
    call->rng_state = device_generator(h).get_state();
    actx->save_for_backward({h});
    actx->saved_data["call"] = c10::IValue::make_capsule(call);
    actx->saved_data["params"] = static_cast<int64_t>(params.size());
    return call->run(h);  // Function::apply runs forward with gradient off: nothing is kept
  }

  static variable_list backward(AutogradContext* actx, variable_list grads) {
    auto call = c10::static_intrusive_pointer_cast<BlockCall>(actx->saved_data["call"].toCapsule());
    const auto h = actx->get_saved_variables()[0];
    auto h_in = h.detach().requires_grad_(h.requires_grad());
    variable_list outputs;
    {
      // Same random numbers as the first run; the caller's generator state is put back after.
      auto gen = device_generator(h);
      const auto now = gen.get_state();
      gen.set_state(call->rng_state);
      torch::AutoGradMode grad_on(true);
      outputs = call->run(h_in);
      gen.set_state(now);
    }
    // Differentiate with respect to what requires gradient; the rest gets an undefined gradient.
    variable_list wrt;
    std::vector<size_t> slot;
    const int64_t n_params = actx->saved_data["params"].toInt();
    auto params = call->block->parameters();
    variable_list inputs = {h_in};
    for (const auto& p : params)
      if (p.requires_grad()) inputs.push_back(p);
    TORCH_CHECK(static_cast<int64_t>(inputs.size()) - 1 == n_params, "checkpointed block: parameters changed");
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i].requires_grad()) wrt.push_back(inputs[i]), slot.push_back(i);
    variable_list result(inputs.size() + 1);  // + the non-tensor `call` argument
    if (wrt.empty()) return result;
    variable_list differentiable, their_grads;  // e.g. argmax-routed gates carry no gradient
    for (size_t i = 0; i < outputs.size(); ++i)
      if (outputs[i].requires_grad()) differentiable.push_back(outputs[i]), their_grads.push_back(grads[i]);
    if (differentiable.empty()) return result;
    auto g = torch::autograd::grad(differentiable, wrt, their_grads, /*retain_graph=*/false,
                                   /*create_graph=*/false, /*allow_unused=*/true);
    for (size_t i = 0; i < wrt.size(); ++i) result[slot[i]] = g[i];
    return result;
  }
};

std::vector<torch::Tensor> trainable(DecoderBlock& block) {
  std::vector<torch::Tensor> out;
  for (const auto& p : block->parameters())
    if (p.requires_grad()) out.push_back(p);
  return out;
}

}  // namespace

torch::Tensor checkpointed_block(DecoderBlock& block, const torch::Tensor& h, const torch::Tensor& cos,
                                 const torch::Tensor& sin, const torch::Tensor& mask, ForwardContext& ctx) {
  auto call = c10::make_intrusive<BlockCall>(block, cos, sin, mask, ctx);
  const auto params = trainable(block);
  // As a TensorList, not a vector: apply() counts only tensors and tensor lists as inputs.
  auto outputs = CheckpointedBlock::apply(h, torch::TensorList(params), call);
  for (size_t i = 0; i < call->routed_layers.size(); ++i)
    ctx.routing.push_back({call->routed_layers[i], outputs[1 + 2 * i], outputs[2 + 2 * i]});
  return outputs[0];
}

}  // namespace hycam
