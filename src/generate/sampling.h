// Token samplers, llama.cpp style: small strategies behind one interface, run in a chain over a
// batch of next-token logits. A chain is built from SamplingOptions in Hugging Face's order
//
//   temperature -> top-k -> top-p -> draw      (temperature > 0)
//   argmax                                     (temperature == 0: greedy; top-k/top-p ignored)
//
// Filters remove tokens by setting their logit to -inf, so they compose in any order; the last
// stage picks one id per row. A chain owns its own CPU generator seeded from `seed`, so the same
// seed and the same inputs give the same tokens, independent of any other random use.
// Not covered: repetition/presence penalties, min-p, typical, mirostat, grammars.
// Dimension legend: B rows of the batch, V vocabulary.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hycam {

struct SamplingOptions {
  double temperature = 0;  // 0: greedy (argmax); > 0 divides the logits before drawing
  int64_t top_k = 0;       // keep the k most likely tokens; 0: off
  double top_p = 1.0;      // keep the smallest set of tokens whose probability reaches p; 1: off
  uint64_t seed = 0;       // seeds the chain's own generator

  // Throws hycam::Error naming the option (and its flag) and the allowed range.
  void validate() const;
  bool greedy() const { return temperature == 0; }
};

// One stage of a chain: a filter rewrites logits [B,V], a selector turns them into ids [B].
class SamplerStage {
 public:
  virtual ~SamplerStage() = default;
  virtual std::string name() const = 0;
  // Filters return the new logits; selectors return an undefined tensor.
  virtual torch::Tensor filter(const torch::Tensor& logits) { return logits; }
  virtual bool selects() const { return false; }
  // Selectors only: logits [B,V] -> ids [B] int64 on the CPU.
  virtual torch::Tensor select(const torch::Tensor& logits, at::Generator& gen) { return {}; }
};

std::unique_ptr<SamplerStage> temperature_stage(double temperature);
std::unique_ptr<SamplerStage> top_k_stage(int64_t k);
std::unique_ptr<SamplerStage> top_p_stage(double p);
std::unique_ptr<SamplerStage> greedy_stage();
std::unique_ptr<SamplerStage> draw_stage();  // one draw from softmax(logits) per row

class SamplerChain {
 public:
  // An empty chain (add stages yourself) drawing from a generator seeded with `seed`.
  explicit SamplerChain(uint64_t seed = 0);
  // Validates `opts` and builds the stages in the order above.
  static SamplerChain from_options(const SamplingOptions& opts);

  // Appends a stage; the chain must end with exactly one selector.
  SamplerChain& add(std::unique_ptr<SamplerStage> stage);
  // logits [B,V] (any float dtype, any device) -> ids [B] int64 on the CPU.
  torch::Tensor sample(const torch::Tensor& logits);
  // "temperature 0.8 -> top-k 40 -> draw (seed 1)", for logs.
  std::string describe() const;

 private:
  std::vector<std::unique_ptr<SamplerStage>> stages_;
  at::Generator gen_;
  uint64_t seed_ = 0;
};

}  // namespace hycam
