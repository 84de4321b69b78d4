// The evaluation set of a run: the held-out split of each task, tokenized for perplexity, and its
// first prompts formatted for generation.
#pragma once
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "train/inputs.h"

namespace hycam {

// split: "eval", "test", "train" or "all"; at most `gen_samples` prompts per task (-1: all).
EvalSet make_eval_set(const std::vector<data::TaskData>& tasks, const std::string& split, const TrainOptions& opts,
                      const Tokenizer& tokenizer, int64_t gen_samples);

}  // namespace hycam
