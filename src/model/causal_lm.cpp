#include "model/causal_lm.h"

#include "model/recompute.h"
#include "util/error.h"

namespace hycam {
namespace {

// Masked scores get a large finite negative rather than -inf, so that a row with no visible key
// (a padding query) gives a harmless uniform row instead of NaN.
constexpr double kMasked = -1e30;

std::shared_ptr<torch::nn::Module> holder(torch::nn::Module& parent, const std::string& name) {
  return parent.register_module(name, std::make_shared<torch::nn::Module>());
}

}  // namespace

CausalLMImpl::CausalLMImpl(ModelConfig cfg) : cfg_(std::move(cfg)), rope_(cfg_) {
  auto backbone = holder(*this, "model");
  embed_weight = holder(*backbone, "embed_tokens")
                     ->register_parameter("weight", torch::zeros({cfg_.vocab, cfg_.hidden}), false);
  auto layers = backbone->register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < cfg_.layers; ++i) {
    blocks_.push_back(DecoderBlock(cfg_, i));
    layers->push_back(blocks_.back());
  }
  final_norm = backbone->register_module("norm", RMSNorm(cfg_.hidden, cfg_.rms_eps));
  lm_head_weight = cfg_.tie_embeddings
                       ? embed_weight
                       : holder(*this, "lm_head")
                             ->register_parameter("weight", torch::zeros({cfg_.vocab, cfg_.hidden}), false);
}

torch::Tensor CausalLMImpl::attention_mask(const ForwardInputs& in, const torch::Tensor& valid,
                                           const torch::Tensor& positions,
                                           std::optional<int64_t> window) const {
  const int64_t T = in.ids.size(1);
  const int64_t past = in.cache ? in.cache->length - T : 0;  // slots already reserved by append
  auto key_valid = in.cache ? in.cache->key_valid.narrow(1, 0, in.cache->length) : valid;  // [B,S]
  auto key_pos = in.cache ? in.cache->key_pos.narrow(1, 0, in.cache->length) : positions;
  const int64_t S = key_valid.size(1);
  auto dev = in.ids.device();
  auto qi = torch::arange(past, past + T, torch::TensorOptions().dtype(torch::kInt64).device(dev));
  auto kj = torch::arange(S, torch::TensorOptions().dtype(torch::kInt64).device(dev));
  auto allowed = (kj.unsqueeze(0) <= qi.unsqueeze(1)).unsqueeze(0) & key_valid.unsqueeze(1);  // [B,T,S]
  if (window) allowed = allowed & (key_pos.unsqueeze(1) > positions.unsqueeze(2) - *window);
  auto mask = torch::zeros(allowed.sizes(), torch::TensorOptions().dtype(embed_weight.scalar_type()).device(dev));
  mask.masked_fill_(allowed.logical_not(), kMasked);
  return mask.view({mask.size(0), 1, 1, T, S});
}

torch::Tensor CausalLMImpl::hidden_states(const ForwardInputs& in, ForwardContext& ctx) {
  const auto& ids = in.ids;
  auto valid = in.attention_mask.defined() ? in.attention_mask.to(torch::kBool)
                                           : torch::ones_like(ids, torch::kBool);
  torch::Tensor positions = in.positions;
  if (!positions.defined()) {
    auto seen = in.cache ? in.cache->key_valid.narrow(1, 0, in.cache->length).sum(1, true)
                         : torch::zeros({ids.size(0), 1}, ids.options());
    positions = (seen + valid.to(torch::kInt64).cumsum(1) - 1).clamp_min(0);
  }
  if (in.cache) in.cache->append_slots(valid, positions);
  if (in.attention_mask.defined()) ctx.token_mask = valid;

  auto h = embed_weight.index_select(0, ids.reshape({-1})).view({ids.size(0), ids.size(1), cfg_.hidden});
  auto [cos, sin] = rope_.cos_sin(positions, h.scalar_type());
  std::map<int64_t, torch::Tensor> masks;  // one per distinct window size (0 = none)
  for (auto& block : blocks_) {
    auto window = cfg_.windows[block->index()];
    auto& mask = masks[window.value_or(0)];
    if (!mask.defined()) mask = attention_mask(in, valid, positions, window);
    const bool recompute = ctx.recompute_blocks && !in.cache && torch::GradMode::is_enabled();
    h = recompute ? checkpointed_block(block, h, cos, sin, mask, ctx) : block->forward(h, cos, sin, mask, in.cache, ctx);
  }
  return final_norm(h);
}

torch::Tensor CausalLMImpl::logits(const torch::Tensor& hidden) const {
  return torch::matmul(hidden, lm_head_weight.t());
}

}  // namespace hycam
