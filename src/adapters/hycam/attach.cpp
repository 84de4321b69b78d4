// Wraps every decoder block of a model with a HyCAM modulator (or, for method `cam`, the shared
// CAM alone), initialised as the official code does.
#include "adapters/adapter.h"
#include "adapters/hycam/layer.h"

namespace hycam {

void attach_hycam(CausalLM& model, const AdapterOptions& opts) {
  const auto& cfg = model->config();
  const int64_t experts = opts.method == "cam" ? 0 : opts.experts;
  for (auto& block : model->blocks()) {
    auto cam = std::make_shared<CamModulatorImpl>(cfg.hidden, experts, opts, block->index());
    cam->reset_parameters(cfg.init_range);
    block->set_modulator(cam);
    if (opts.train_norms) {
      block->input_layernorm->weight.set_requires_grad(true);
      block->post_attention_layernorm->weight.set_requires_grad(true);
    }
  }
}

}  // namespace hycam
