#include "adapters/adapter.h"

#include <iomanip>
#include <set>
#include <sstream>

#include "adapters/routing.h"
#include "model/loader.h"
#include "util/error.h"

namespace hycam {
namespace {

std::string with_commas(int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ",");
  return s;
}

void append(NamedTensors& out, const std::string& prefix, AdapterModule& m) {
  for (auto& [name, t] : m.file_tensors()) out.push_back({prefix + name, t});
}

}  // namespace

Adapter Adapter::attach(CausalLM model, const AdapterOptions& opts, uint64_t seed) {
  opts.validate();
  torch::manual_seed(seed);
  for (auto& p : model->parameters()) p.set_requires_grad(false);
  if (opts.method == "hycam" || opts.method == "cam") attach_hycam(model, opts);
  else if (opts.method == "lora") attach_lora(model, opts);
  else if (opts.method == "molora") attach_molora(model, opts);
  else if (opts.method == "full") attach_full(model, opts);
  Adapter a;
  a.model_ = model;
  a.opts_ = opts;
  return a;
}

NamedTensors Adapter::tensors() const {
  NamedTensors out;
  if (opts_.method == "full") {
    for (auto& [name, t] : model_->hf_tensors()) out.push_back({name, t});
    return out;
  }
  for (auto& block : model_->blocks()) {
    const std::string p = "model.layers." + std::to_string(block->index()) + ".";
    if (auto m = block->modulator()) append(out, p + "cam.", *m);
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "o_proj"})
      if (auto d = block->self_attn->delta(proj)) append(out, p + "self_attn." + proj + ".", *d);
    for (const char* proj : {"gate_proj", "up_proj", "down_proj"})
      if (auto d = block->mlp->delta(proj)) append(out, p + "mlp." + proj + ".", *d);
    if (opts_.train_norms) {
      out.push_back({p + "input_layernorm.weight", block->input_layernorm->weight});
      out.push_back({p + "post_attention_layernorm.weight", block->post_attention_layernorm->weight});
    }
  }
  return out;
}

std::vector<torch::Tensor> Adapter::parameters() const {
  std::vector<torch::Tensor> out;
  for (auto& p : model_->parameters())
    if (p.requires_grad()) out.push_back(p);
  return out;
}

int64_t Adapter::trainable_count() const { return count_parameters(*model_, true); }
int64_t Adapter::total_count() const { return count_parameters(*model_, false); }

std::string Adapter::parameter_summary() const {
  const int64_t t = trainable_count(), n = total_count();
  std::ostringstream s;
  s << "trainable " << with_commas(t) << " / total " << with_commas(n) << " ("
    << std::fixed << std::setprecision(2) << (n ? 100.0 * t / n : 0.0) << "%)";
  return s.str();
}

torch::Tensor Adapter::balance_loss(const ForwardContext& ctx) const {
  if (!opts_.routed()) return {};
  return hycam::balance_loss(ctx.routing);
}

}  // namespace hycam
