// Puts a mixture of LoRA experts with its own router on each target projection of every block.
#include "adapters/adapter.h"
#include "adapters/molora/layer.h"
#include "adapters/projections.h"

namespace hycam {

void attach_molora(CausalLM& model, const AdapterOptions& opts) {
  const auto& cfg = model->config();
  for (auto& block : model->blocks())
    for (const auto& target : opts.lora_targets) {
      auto [in, out] = projection_shape(cfg, target);
      install_delta(block, target,
                    std::make_shared<MoLoraDeltaImpl>(in, out, opts.rank, opts.alpha, opts.lora_dropout,
                                                      opts.molora_experts, opts.molora_top_k,
                                                      block->index(), cfg.init_range));
    }
}

}  // namespace hycam
