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

namespace {
bool in_mlp(const std::string& proj) { return proj == "gate_proj" || proj == "up_proj" || proj == "down_proj"; }
}  // namespace

void install_delta(DecoderBlock& block, const std::string& proj, std::shared_ptr<ProjectionDeltaImpl> delta) {
  if (in_mlp(proj)) block->mlp->set_delta(proj, delta);
  else block->self_attn->set_delta(proj, delta);
}

std::shared_ptr<ProjectionDeltaImpl> installed_delta(const DecoderBlock& block, const std::string& proj) {
  return in_mlp(proj) ? block->mlp->delta(proj) : block->self_attn->delta(proj);
}

std::string hf_projection_path(const std::string& proj) {
  return (in_mlp(proj) ? "mlp." : "self_attn.") + proj;
}

}  // namespace hycam
