// Helpers of the generation tests: the stories260K model, tiny random models, a temp folder, and
// the next-token logits of a sequence computed from scratch (no cache, no padding).
#pragma once

#include <string>
#include <vector>

#include "test_files.h"
#include "golden.h"
#include "model/loader.h"

namespace hycam::test {

inline std::vector<int64_t> golden_prompt() { return read_json("models/stories260K/golden/greedy_60.json")["prompt"]; }
inline std::vector<int64_t> golden_greedy() { return read_json("models/stories260K/golden/greedy_60.json")["generated"]; }

// A Qwen2-shaped model (q/k/v biases) with random weights, biases made nonzero so they count.
inline CausalLM tiny_qwen2(uint64_t seed) {
  nlohmann::json j = {{"model_type", "qwen2"}, {"hidden_size", 64}, {"intermediate_size", 128},
                      {"num_hidden_layers", 2}, {"num_attention_heads", 4}, {"num_key_value_heads", 2},
                      {"vocab_size", 256}, {"max_position_embeddings", 512}, {"rms_norm_eps", 1e-6},
                      {"rope_theta", 1000000.0}, {"tie_word_embeddings", false}, {"eos_token_id", 2}};
  auto model = random_model(ModelConfig::from_json(j, "tiny-qwen2"), seed);
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed + 100);
  for (auto& item : model->named_parameters())
    if (item.key().find("bias") != std::string::npos)
      item.value().copy_(at::normal(0.0, 0.1, item.value().sizes(), gen));
  return model;
}

inline std::vector<int64_t> random_ids(int64_t n, int64_t vocab, uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed);
  auto t = torch::randint(3, vocab, {n}, gen, torch::kInt64);  // avoids ids 0..2 (pad, BOS, EOS)
  return {t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + n};
}

// Last-position logits [V] of `ids` run alone, without a cache.
inline torch::Tensor recompute_logits(CausalLM& model, const std::vector<int64_t>& ids) {
  torch::NoGradGuard no_grad;
  ForwardContext ctx;
  auto t = torch::tensor(ids, torch::kInt64).unsqueeze(0);
  return model->forward({t}, ctx)[0][-1];
}

}  // namespace hycam::test
