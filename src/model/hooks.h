// The two places where an adapter plugs into the frozen backbone, and the per-call context that
// carries routing statistics out of the forward pass.
//
//   ProjectionDelta  y = x W^T + b + delta(x)       on q,k,v,o,gate,up,down   (lora, molora)
//   BlockModulator   h1 = combine(h, x, a)          after self-attention      (hycam, cam)
//
// Without any hook a block computes h1 = h + a, the plain Llama residual.
// Dimension legend: B batch, T time, D hidden, N = B*T tokens, K experts.
#pragma once
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace hycam {

// One routed layer's router logits and gates over the real (non-pad) tokens of the batch.
struct RoutingRecord {
  int64_t layer = 0;
  torch::Tensor logits;  // [N_real, K]
  torch::Tensor gates;   // [N_real, K], one-hot forward (straight-through backward in training)
};

// Data parallel: this batch's N token rows are rows [first, first + N) of the whole micro-batch of
// `total` rows over all ranks. Per-row random draws (routing noise) are made for all `total` rows
// and this rank keeps its own, so that every rank gets the numbers one process would.
// total == 0: the batch is the whole micro-batch.
struct RowShard {
  int64_t first = 0, total = 0;
};

struct ForwardContext {
  bool training = false;
  RowShard rows;
  torch::Tensor token_mask;             // [B, T] bool: real tokens; undefined = all real
  std::vector<RoutingRecord> routing;   // appended by routed adapters, in layer order
  bool record_routing = true;           // generation turns it off
  bool recompute_blocks = false;        // gradient checkpointing (model/recompute.h) while training
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// What an adapter module stores in an adapter file: its parameters under their own names by
// default; a module that stacks per-expert weights for speed lists per-expert views instead.
class AdapterModule : public torch::nn::Module {
 public:
  virtual NamedTensors file_tensors() { return named_parameters().pairs(); }
};

class ProjectionDeltaImpl : public AdapterModule {
 public:
  // x [B,T,in] -> delta [B,T,out], added to the frozen projection's output.
  virtual torch::Tensor delta(const torch::Tensor& x, ForwardContext& ctx) = 0;
};

class BlockModulatorImpl : public AdapterModule {
 public:
  // h [B,T,D] residual stream, x = input_layernorm(h), a = SelfAttn(x) -> h1 [B,T,D].
  virtual torch::Tensor combine(const torch::Tensor& h, const torch::Tensor& x,
                                const torch::Tensor& a, ForwardContext& ctx) = 0;
};

// Picks the rows of `t` [B,T,C] at real tokens -> [N_real, C] (all rows when no mask).
inline torch::Tensor real_rows(const torch::Tensor& t, const ForwardContext& ctx) {
  auto flat = t.reshape({-1, t.size(-1)});
  if (!ctx.token_mask.defined()) return flat;
  return flat.index({ctx.token_mask.reshape({-1})});
}

}  // namespace hycam
