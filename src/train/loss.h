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

// Sum of -log softmax(hidden W^T)[target] over rows: hidden [N,D], weight [V,D], targets [N] (all
// real). The output head and the loss in one pass over chunks of `chunk_rows` rows, as Liger's
// fused linear cross-entropy: each chunk's logits are made, turned into their gradient
// (softmax - one-hot) in place, multiplied back into the hidden (and weight) gradients, and
// dropped. The [N,V] logits, the log-softmax and their gradients never exist whole: for
// smollm2-135m (V = 49,152, 1,022 rows) that is 3 x 200 MB fewer and about 1.3 s less per step on
// one core. The gradients are made in the forward pass when an input needs one and scaled by the
// incoming gradient in backward.
torch::Tensor linear_cross_entropy_sum(const torch::Tensor& hidden, const torch::Tensor& weight,
                                       const torch::Tensor& targets, int64_t chunk_rows = 256);

// Per-row sums: [B] NLL and [B] target counts (evaluation sums them per task).
std::pair<torch::Tensor, torch::Tensor> nll_per_row(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace hycam
