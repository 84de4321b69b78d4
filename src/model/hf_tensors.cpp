// CausalLM <-> Hugging Face tensor names: the fused q/k/v and gate/up products are split back
// into q_proj, k_proj, v_proj, gate_proj, up_proj on the way out, and concatenated on the way in.
#include "model/causal_lm.h"
#include "util/error.h"

namespace hycam {
namespace {

std::string layer_prefix(int64_t i) { return "model.layers." + std::to_string(i) + "."; }

}  // namespace

std::vector<std::pair<std::string, std::vector<int64_t>>> CausalLMImpl::required_hf_shapes() const {
  const int64_t D = cfg_.hidden, I = cfg_.intermediate, q = cfg_.q_dim(), kv = cfg_.kv_dim();
  std::vector<std::pair<std::string, std::vector<int64_t>>> out = {
      {"model.embed_tokens.weight", {cfg_.vocab, D}}, {"model.norm.weight", {D}}};
  if (!cfg_.tie_embeddings) out.push_back({"lm_head.weight", {cfg_.vocab, D}});
  for (int64_t i = 0; i < cfg_.layers; ++i) {
    const auto p = layer_prefix(i);
    out.insert(out.end(), {{p + "input_layernorm.weight", {D}},
                           {p + "post_attention_layernorm.weight", {D}},
                           {p + "self_attn.q_proj.weight", {q, D}},
                           {p + "self_attn.k_proj.weight", {kv, D}},
                           {p + "self_attn.v_proj.weight", {kv, D}},
                           {p + "self_attn.o_proj.weight", {D, q}},
                           {p + "mlp.gate_proj.weight", {I, D}},
                           {p + "mlp.up_proj.weight", {I, D}},
                           {p + "mlp.down_proj.weight", {D, I}}});
    if (cfg_.qkv_bias)
      out.insert(out.end(), {{p + "self_attn.q_proj.bias", {q}},
                             {p + "self_attn.k_proj.bias", {kv}},
                             {p + "self_attn.v_proj.bias", {kv}}});
    if (cfg_.o_bias) out.push_back({p + "self_attn.o_proj.bias", {D}});
    if (cfg_.mlp_bias)
      out.insert(out.end(), {{p + "mlp.gate_proj.bias", {I}},
                             {p + "mlp.up_proj.bias", {I}},
                             {p + "mlp.down_proj.bias", {D}}});
  }
  return out;
}

std::map<std::string, torch::Tensor> CausalLMImpl::hf_tensors() const {
  const int64_t I = cfg_.intermediate, q = cfg_.q_dim(), kv = cfg_.kv_dim();
  std::map<std::string, torch::Tensor> out{{"model.embed_tokens.weight", embed_weight},
                                           {"model.norm.weight", final_norm->weight}};
  if (!cfg_.tie_embeddings) out["lm_head.weight"] = lm_head_weight;
  for (const auto& b : blocks_) {
    const auto p = layer_prefix(b->index());
    const auto& a = b->self_attn;
    const auto& m = b->mlp;
    out[p + "input_layernorm.weight"] = b->input_layernorm->weight;
    out[p + "post_attention_layernorm.weight"] = b->post_attention_layernorm->weight;
    auto split3 = [&](const torch::Tensor& t, const std::string& kind) {
      out[p + "self_attn.q_proj." + kind] = t.narrow(0, 0, q);
      out[p + "self_attn.k_proj." + kind] = t.narrow(0, q, kv);
      out[p + "self_attn.v_proj." + kind] = t.narrow(0, q + kv, kv);
    };
    split3(a->qkv_weight, "weight");
    if (a->qkv_bias.defined()) split3(a->qkv_bias, "bias");
    out[p + "self_attn.o_proj.weight"] = a->o_weight;
    if (a->o_bias.defined()) out[p + "self_attn.o_proj.bias"] = a->o_bias;
    out[p + "mlp.gate_proj.weight"] = m->gate_up_weight.narrow(0, 0, I);
    out[p + "mlp.up_proj.weight"] = m->gate_up_weight.narrow(0, I, I);
    out[p + "mlp.down_proj.weight"] = m->down_weight;
    if (m->gate_up_bias.defined()) {
      out[p + "mlp.gate_proj.bias"] = m->gate_up_bias.narrow(0, 0, I);
      out[p + "mlp.up_proj.bias"] = m->gate_up_bias.narrow(0, I, I);
      out[p + "mlp.down_proj.bias"] = m->down_bias;
    }
  }
  return out;
}

void CausalLMImpl::load_hf_tensors(const std::map<std::string, torch::Tensor>& tensors) {
  torch::NoGradGuard no_grad;
  auto targets = hf_tensors();  // views into this model's parameters
  for (const auto& [name, shape] : required_hf_shapes()) {
    auto it = tensors.find(name);
    if (it == tensors.end()) throw Error("missing tensor '" + name + "'");
    if (it->second.sizes() != torch::IntArrayRef(shape))
      throw Error("tensor '" + name + "' has shape " + c10::str(it->second.sizes()) + ", the config needs " +
                  c10::str(torch::IntArrayRef(shape)));
    targets.at(name).copy_(it->second);
  }
}

}  // namespace hycam
