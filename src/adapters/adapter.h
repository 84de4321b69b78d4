// Adapter: one adaptation method attached to a frozen CausalLM. This is the one interface every
// method provides (see the folders beside this file, one per method, each with its layer and the
// `attach_*` that wraps a model):
//   - attach: install freshly initialised modules (a fresh hycam/cam/lora/molora leaves the
//     logits exactly unchanged) and freeze everything else;
//   - tensors: what an adapter file holds, under the golden / PEFT names;
//   - parameters: what the optimizer trains;
//   - balance_loss: the auxiliary loss of routed methods, from the forward context.
// To add a method: a folder with layer.{h,cpp} and attach.cpp, a line in attach_method().
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

#include "adapters/options.h"
#include "model/causal_lm.h"
#include "model/hooks.h"

namespace hycam {

class Adapter {
 public:
  Adapter() = default;
  // Attaches `opts.method` (validated) to `model`, seeded for reproducible initialisation.
  static Adapter attach(CausalLM model, const AdapterOptions& opts, uint64_t seed);

  const AdapterOptions& options() const { return opts_; }
  CausalLM& model() { return model_; }
  const CausalLM& model() const { return model_; }
  NamedTensors tensors() const;                     // adapter-file names -> live tensors (views)
  std::vector<torch::Tensor> parameters() const;    // the trainable tensors
  int64_t trainable_count() const;
  int64_t total_count() const;
  std::string parameter_summary() const;            // "trainable 1,234 / total 9,999 (12.34%)"
  // Balance loss of the forward pass that filled `ctx` (undefined for unrouted methods).
  torch::Tensor balance_loss(const ForwardContext& ctx) const;

 private:
  CausalLM model_{nullptr};
  AdapterOptions opts_;
};

// Per-method installers, defined in each method's folder.
void attach_hycam(CausalLM& model, const AdapterOptions& opts);   // also `cam` (no experts)
void attach_lora(CausalLM& model, const AdapterOptions& opts);
void attach_molora(CausalLM& model, const AdapterOptions& opts);
void attach_full(CausalLM& model, const AdapterOptions& opts);

}  // namespace hycam
