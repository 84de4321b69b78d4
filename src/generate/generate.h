// Batched text generation with the key/value cache.
//
// Prompts are processed in chunks of `batch_size`. In a chunk, prompts of different lengths are
// LEFT-padded to the longest (attention_mask 0 on the padding; positions are counted over the
// real tokens by the model, so a padded row computes exactly what it computes alone). The chunk
// is prefilled in one forward pass, then decoded one token per step. A row stops after it emits
// one of `eos_ids` (that EOS is kept as its last id, as Hugging Face does) or after
// `max_new_tokens`; finished rows leave the batch (KVCache::select_rows), so the others run on.
// Runs under NoGradGuard with the model in eval mode (adapters see ctx.training = false) and
// routing statistics off. The cache takes the model's dtype and device.
//
// Not covered: beam search, speculative decoding, stop strings, repetition penalties.
// Dimension legend: B rows in the chunk, T prompt length after padding, V vocabulary.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "generate/sampling.h"
#include "model/causal_lm.h"
#include "tokenizer/tokenizer.h"

namespace hycam {

struct GenerateOptions {
  int64_t max_new_tokens = 64;    // per prompt, EOS included
  SamplingOptions sampling;       // greedy by default
  std::vector<int64_t> eos_ids;   // a row stops at any of these; empty: always max_new_tokens
  int64_t batch_size = 8;         // prompts per chunk (one cache per chunk)

  // Validates sampling too; errors name the option.
  void validate() const;
};

// Observers of a generation; `row` is the index into `prompts`.
struct GenerateCallbacks {
  std::function<void(int64_t row, int64_t token)> on_token;
  // The logits [V] the token of this step was chosen from (before sampling filters); a view,
  // valid during the call only (clone to keep).
  std::function<void(int64_t row, const torch::Tensor& logits)> on_logits;
};

// The new ids of every prompt (prompts themselves not included), in order. Tokens are sampled
// by one SamplerChain for the whole call, so a seed reproduces the whole call's output.
std::vector<std::vector<int64_t>> generate(CausalLM& model, const std::vector<std::vector<int64_t>>& prompts,
                                           const GenerateOptions& opts,
                                           const std::function<void(int64_t row, int64_t token)>& on_token = {});
std::vector<std::vector<int64_t>> generate_with(CausalLM& model,
                                                const std::vector<std::vector<int64_t>>& prompts,
                                                const GenerateOptions& opts, const GenerateCallbacks& callbacks);

// The stop ids of a model folder, sorted and unique: generation_config.json's eos_token_id (an
// int or a list, when the file exists), config.json's (`cfg.eos_ids`) and the tokenizer's EOS.
std::vector<int64_t> eos_ids_for(const std::string& model_dir, const ModelConfig& cfg,
                                 const Tokenizer& tokenizer);
// The same without a tokenizer (a config-only folder).
std::vector<int64_t> eos_ids_for(const std::string& model_dir, const ModelConfig& cfg);

}  // namespace hycam
