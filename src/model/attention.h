// Grouped-query self-attention with rotary embeddings. q, k and v come from one fused product
// (their weights are concatenated once at load), and query head j reads key/value head j / G
// (G = H / Hkv) without copying the keys G times: queries are grouped as [B, Hkv, G*T, hd].
// Dimension legend: B batch, T new tokens, S keys (cached + new), D hidden, H heads, Hkv kv heads.
#pragma once
#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>

#include "model/config.h"
#include "model/hooks.h"

namespace hycam {

struct KVCache;

class AttentionImpl : public torch::nn::Module {
 public:
  explicit AttentionImpl(const ModelConfig& cfg);

  // x [B,T,D]; cos/sin [B,1,T,hd]; mask [B,1,1,T,S] additive; cache may be null.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                        const torch::Tensor& mask, KVCache* cache, int64_t layer, ForwardContext& ctx);

  // Installs an adapter delta on "q_proj", "k_proj", "v_proj" or "o_proj".
  void set_delta(const std::string& proj, std::shared_ptr<ProjectionDeltaImpl> delta);
  std::shared_ptr<ProjectionDeltaImpl> delta(const std::string& proj) const;

  torch::Tensor qkv_weight;  // [(H + 2 Hkv) hd, D] = cat(q_proj, k_proj, v_proj)
  torch::Tensor qkv_bias;    // [(H + 2 Hkv) hd] or undefined
  torch::Tensor o_weight;    // [D, H hd]
  torch::Tensor o_bias;      // [D] or undefined

 private:
  torch::Tensor project(const std::string& name, const torch::Tensor& base, const torch::Tensor& x,
                        ForwardContext& ctx) const;
  int64_t heads_, kv_heads_, head_dim_;
  std::map<std::string, std::shared_ptr<ProjectionDeltaImpl>> deltas_;
};
TORCH_MODULE(Attention);

}  // namespace hycam
