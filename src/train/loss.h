// Losses that count real tokens only. The LM loss of a step is the total next-token negative
// log-likelihood over every real target token of the (accumulated) batch divided by their number,
// never a mean of micro-batch means; padding carries target -100 and never enters it.
#pragma once
#include <torch/torch.h>

namespace hycam {

// Sum of -log p(target) over positions whose target is not -100. logits [B,T,V], targets [B,T].
torch::Tensor nll_sum(const torch::Tensor& logits, const torch::Tensor& targets);

// Per-row sums: [B] NLL and [B] target counts (evaluation sums them per task).
std::pair<torch::Tensor, torch::Tensor> nll_per_row(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace hycam
