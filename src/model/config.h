// ModelConfig: the fields of a Hugging Face config.json that a Llama-family decoder needs
// (model_type llama, qwen2, mistral). Anything this project cannot run exactly is refused here,
// with the file and the field in the message, rather than giving silently wrong logits later.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hycam {

struct RopeScaling {
  std::string type = "default";  // default | linear | llama3
  double factor = 1.0;
  double low_freq_factor = 1.0, high_freq_factor = 4.0;  // llama3 only
  int64_t original_max_positions = 8192;                  // llama3 only
};

struct ModelConfig {
  std::string model_type;        // llama | qwen2 | mistral
  int64_t hidden = 0;            // D
  int64_t intermediate = 0;      // I
  int64_t layers = 0;            // L
  int64_t heads = 0;             // H
  int64_t kv_heads = 0;          // Hkv (grouped-query attention when < H)
  int64_t head_dim = 0;          // hd (hidden / heads unless given)
  int64_t vocab = 0;             // V
  int64_t max_positions = 2048;
  double rms_eps = 1e-6;
  double rope_theta = 10000.0;
  RopeScaling rope_scaling;
  bool tie_embeddings = false;
  bool qkv_bias = false;         // qwen2, or attention_bias
  bool o_bias = false;           // attention_bias only (as HF Llama)
  bool mlp_bias = false;
  std::vector<std::optional<int64_t>> windows;  // sliding window per layer (nullopt: full causal)
  std::vector<int64_t> eos_ids;  // config.json's eos_token_id (int or list)
  int64_t bos_id = -1;
  double init_range = 0.02;

  // Parses and validates; `where` (the file path) prefixes every error message.
  static ModelConfig from_json(const nlohmann::json& j, const std::string& where);
  static ModelConfig from_file(const std::string& config_json_path);

  int64_t q_dim() const { return heads * head_dim; }
  int64_t kv_dim() const { return kv_heads * head_dim; }
  // A short stable fingerprint of the shape-defining fields: adapters record it to refuse a
  // base model they were not trained on.
  std::string fingerprint() const;
};

}  // namespace hycam
