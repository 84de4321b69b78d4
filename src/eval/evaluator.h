// Evaluation as the paper measures it, per task: perplexity over response tokens (corpus level:
// total NLL / total real target tokens), and for generated responses (greedy, batched with the
// key/value cache, stopping at EOS) BLEU-4 (corpus level, evaluate's `bleu`) and ROUGE-1/2/L
// F-measures (rouge_score, averaged over examples).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/batching.h"
#include "model/causal_lm.h"
#include "tokenizer/tokenizer.h"

namespace hycam {

struct EvalPrompt {
  int32_t task = 0;
  std::string prompt;              // the formatted prompt text
  std::vector<int64_t> prompt_ids; // with BOS
  std::string reference;           // the example's output
};

struct EvalSet {
  std::vector<std::string> tasks;
  std::vector<data::Sample> samples;  // for perplexity
  std::vector<EvalPrompt> prompts;    // for generation
};

struct EvalOptions {
  int64_t batch = 16;
  int64_t max_new_tokens = 64;
  bool generate = true;
  bool rouge_stem = false;
  std::vector<int64_t> eos_ids;
};

struct TaskReport {
  std::string task;
  int64_t tokens = 0, generated = 0;
  double loss = 0, ppl = 0, bleu = 0, rouge1 = 0, rouge2 = 0, rougeL = 0;
};

struct EvalReport {
  std::vector<TaskReport> tasks;
  TaskReport mean() const;  // unweighted mean over tasks
  nlohmann::json to_json() const;
  std::string markdown() const;
};

// Evaluates; when `out_dir` is not empty writes report.json, report.md and predictions.jsonl there.
EvalReport evaluate(CausalLM& model, const Tokenizer& tokenizer, const EvalSet& set, const EvalOptions& opts,
                    const std::string& out_dir);

}  // namespace hycam
