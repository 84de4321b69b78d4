// Corpus-level evaluation loss per task: total NLL over total real target tokens, the same for any
// batch size or padding side. Perplexity = exp(that mean).
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

#include "data/batching.h"
#include "model/causal_lm.h"

namespace hycam {

struct TaskLoss {
  std::string task;
  double nll_sum = 0;
  int64_t tokens = 0;
  double loss() const { return tokens ? nll_sum / tokens : 0.0; }
  double perplexity() const;
};

// Evaluates `samples` (task index in each sample) in batches of `batch_size`, longest first.
std::vector<TaskLoss> evaluate_loss(CausalLM& model, const std::vector<data::Sample>& samples,
                                    const std::vector<std::string>& task_names, int64_t batch_size,
                                    int32_t pad_id);

// Mean of the per-task losses (each task counts once, whatever its size).
double mean_task_loss(const std::vector<TaskLoss>& losses);

}  // namespace hycam
