#include "model/block.h"

namespace hycam {

DecoderBlockImpl::DecoderBlockImpl(const ModelConfig& cfg, int64_t index) : index_(index) {
  input_layernorm = register_module("input_layernorm", RMSNorm(cfg.hidden, cfg.rms_eps));
  self_attn = register_module("self_attn", Attention(cfg));
  post_attention_layernorm = register_module("post_attention_layernorm", RMSNorm(cfg.hidden, cfg.rms_eps));
  mlp = register_module("mlp", MLP(cfg));
}

void DecoderBlockImpl::set_modulator(std::shared_ptr<BlockModulatorImpl> modulator) {
  modulator_ = register_module("cam", std::move(modulator));
}

torch::Tensor DecoderBlockImpl::forward(const torch::Tensor& h, const torch::Tensor& cos,
                                        const torch::Tensor& sin, const torch::Tensor& mask,
                                        KVCache* cache, ForwardContext& ctx) {
  auto x = input_layernorm(h);
  auto a = self_attn->forward(x, cos, sin, mask, cache, index_, ctx);
  auto h1 = modulator_ ? modulator_->combine(h, x, a, ctx) : h + a;
  return h1 + mlp->forward(post_attention_layernorm(h1), ctx);
}

}  // namespace hycam
