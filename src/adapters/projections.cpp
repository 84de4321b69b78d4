#include "adapters/projections.h"

#include "util/error.h"

namespace hycam {

std::pair<int64_t, int64_t> projection_shape(const ModelConfig& c, const std::string& proj) {
  if (proj == "q_proj") return {c.hidden, c.q_dim()};
  if (proj == "k_proj" || proj == "v_proj") return {c.hidden, c.kv_dim()};
  if (proj == "o_proj") return {c.q_dim(), c.hidden};
  if (proj == "gate_proj" || proj == "up_proj") return {c.hidden, c.intermediate};
  if (proj == "down_proj") return {c.intermediate, c.hidden};
  throw Error("unknown projection '" + proj + "'");
}

void install_delta(DecoderBlock& block, const std::string& proj, std::shared_ptr<ProjectionDeltaImpl> delta) {
  if (proj == "gate_proj" || proj == "up_proj" || proj == "down_proj") block->mlp->set_delta(proj, delta);
  else block->self_attn->set_delta(proj, delta);
}

}  // namespace hycam
