// Losses that count real tokens only. The LM loss of a step is the total next-token negative
// log-likelihood over every real target token of the (accumulated) batch divided by their number,
// never a mean of micro-batch means; padding carries target -100 and never enters it.
#pragma once
#include <torch/torch.h>

#include "model/causal_lm.h"

namespace hycam {

// Sum of -log p(target) over positions whose target is not -100. logits [B,T,V], targets [B,T].
torch::Tensor nll_sum(const torch::Tensor& logits, const torch::Tensor& targets);

// nll_sum of the model's output head applied only at positions with a target: hidden [B,T,D]
// (final-norm states), targets [B,T]. The head is the largest product of a step for real vocabularies
// (49k-150k), and with the loss on responses only most positions have no target.
torch::Tensor nll_sum_at_targets(const CausalLM& model, const torch::Tensor& hidden, const torch::Tensor& targets);

// Per-row sums: [B] NLL and [B] target counts (evaluation sums them per task).
std::pair<torch::Tensor, torch::Tensor> nll_per_row(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace hycam
