// Puts a LoRA delta on each target projection of every block.
#include "adapters/adapter.h"
#include "adapters/lora/layer.h"
#include "adapters/projections.h"

namespace hycam {

void attach_lora(CausalLM& model, const AdapterOptions& opts) {
  for (auto& block : model->blocks())
    for (const auto& target : opts.lora_targets) {
      auto [in, out] = projection_shape(model->config(), target);
      install_delta(block, target,
                    std::make_shared<LoraDeltaImpl>(in, out, opts.rank, opts.alpha, opts.lora_dropout));
    }
}

}  // namespace hycam
