// Full fine-tuning: every base weight trains; the "adapter file" is the whole model.
#include "adapters/adapter.h"

namespace hycam {

void attach_full(CausalLM& model, const AdapterOptions&) {
  for (auto& p : model->parameters()) p.set_requires_grad(true);
}

}  // namespace hycam
