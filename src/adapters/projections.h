// Where the projection adapters (lora, molora) go: the input/output sizes of each named projection
// and the block member that hosts it.
#pragma once
#include <string>
#include <utility>

#include "model/block.h"
#include "model/config.h"

namespace hycam {

std::pair<int64_t, int64_t> projection_shape(const ModelConfig& cfg, const std::string& proj);
void install_delta(DecoderBlock& block, const std::string& proj, std::shared_ptr<ProjectionDeltaImpl> delta);
std::shared_ptr<ProjectionDeltaImpl> installed_delta(const DecoderBlock& block, const std::string& proj);
// "self_attn.q_proj", "mlp.down_proj": where Hugging Face names the projection inside a layer.
std::string hf_projection_path(const std::string& proj);

}  // namespace hycam
