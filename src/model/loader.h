// Building a CausalLM: from a Hugging Face model folder (config.json + model.safetensors or its
// sharded index; F32, F16 or BF16 on disk, computed in float32), or with random weights for a
// config.json alone (benchmarks and tests).
#pragma once
#include <string>

#include "model/causal_lm.h"

namespace hycam {

// Every tensor the config needs must be present with the right shape; errors name the file and
// the tensor. Extra tensors (rotary caches, a stored copy of a tied head) are ignored.
CausalLM load_model(const std::string& model_dir);

// HF-style random init: N(0, initializer_range) matrices, zero biases, unit norms.
CausalLM random_model(const ModelConfig& cfg, uint64_t seed);

// Parameter counts.
int64_t count_parameters(const torch::nn::Module& module, bool trainable_only);

}  // namespace hycam
