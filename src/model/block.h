// One Llama decoder block:
//   x  = input_layernorm(h);  a = SelfAttn(x)
//   h1 = h + a                     (or the installed BlockModulator's combine(h, x, a): HyCAM, CAM)
//   out = h1 + MLP(post_attention_layernorm(h1))
#pragma once
#include <torch/torch.h>

#include "model/attention.h"
#include "model/config.h"
#include "model/hooks.h"
#include "model/mlp.h"
#include "model/norm.h"

namespace hycam {

class DecoderBlockImpl : public torch::nn::Module {
 public:
  DecoderBlockImpl(const ModelConfig& cfg, int64_t index);

  // h [B,T,D] -> [B,T,D]; mask [B,1,1,T,S] additive; cache may be null.
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& cos, const torch::Tensor& sin,
                        const torch::Tensor& mask, KVCache* cache, ForwardContext& ctx);

  // Registered as "cam" so its parameters are named model.layers.{i}.cam.* (the golden layout).
  void set_modulator(std::shared_ptr<BlockModulatorImpl> modulator);
  std::shared_ptr<BlockModulatorImpl> modulator() const { return modulator_; }
  int64_t index() const { return index_; }

  RMSNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
  Attention self_attn{nullptr};
  MLP mlp{nullptr};

 private:
  int64_t index_;
  std::shared_ptr<BlockModulatorImpl> modulator_;
};
TORCH_MODULE(DecoderBlock);

}  // namespace hycam
