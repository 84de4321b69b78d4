// CausalLM: embeddings, decoder blocks, final norm and the (tied or separate) output head of a
// Llama-family model. Parameter names follow Hugging Face's (model.layers.{i}.input_layernorm.weight,
// model.embed_tokens.weight, ...) except for the fused projections (self_attn.qkv_weight,
// mlp.gate_up_weight), which hf_tensors() splits back.
#pragma once
#include <torch/torch.h>

#include <map>
#include <vector>

#include "model/block.h"
#include "model/config.h"
#include "model/hooks.h"
#include "model/kv_cache.h"
#include "model/rope.h"

namespace hycam {

struct ForwardInputs {
  torch::Tensor ids;             // [B,T] int64
  torch::Tensor attention_mask;  // [B,T] int64/bool, 1 on real tokens; undefined: all real
  torch::Tensor positions;       // [B,T] int64; undefined: counted over real tokens (and the cache)
  KVCache* cache = nullptr;      // incremental decoding when set
};

class CausalLMImpl : public torch::nn::Module {
 public:
  explicit CausalLMImpl(ModelConfig cfg);

  // Final-norm hidden states [B,T,D].
  torch::Tensor hidden_states(const ForwardInputs& in, ForwardContext& ctx);
  // hidden [.., D] -> logits [.., V].
  torch::Tensor logits(const torch::Tensor& hidden) const;
  torch::Tensor forward(const ForwardInputs& in, ForwardContext& ctx) {
    return logits(hidden_states(in, ctx));
  }

  // Base weights under their Hugging Face names (fused projections split), for export and `full`.
  std::map<std::string, torch::Tensor> hf_tensors() const;
  // Copies Hugging Face-named tensors into the model (fusing q/k/v and gate/up).
  void load_hf_tensors(const std::map<std::string, torch::Tensor>& tensors);
  // The tensors config.json requires, with their shapes, under Hugging Face names.
  std::vector<std::pair<std::string, std::vector<int64_t>>> required_hf_shapes() const;

  const ModelConfig& config() const { return cfg_; }
  std::vector<DecoderBlock>& blocks() { return blocks_; }
  const std::vector<DecoderBlock>& blocks() const { return blocks_; }
  torch::Tensor embed_weight;
  torch::Tensor lm_head_weight;  // the embedding itself when tied
  RMSNorm final_norm{nullptr};

 private:
  torch::Tensor attention_mask(const ForwardInputs& in, const torch::Tensor& valid,
                               const torch::Tensor& positions, std::optional<int64_t> window) const;
  ModelConfig cfg_;
  RotaryEmbedding rope_;
  std::vector<DecoderBlock> blocks_;
};
TORCH_MODULE(CausalLM);

}  // namespace hycam
