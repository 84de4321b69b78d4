// Token routing shared by the routed methods (hycam, molora): one expert per token by a
// straight-through Gumbel-softmax while training, argmax at inference, and the Switch-style
// load-balancing loss over every routed layer's real tokens.
// Dimension legend: N tokens, K experts.
#pragma once
#include <torch/torch.h>

#include <vector>

#include "model/hooks.h"

namespace hycam {

// One-hot sample of softmax((logits + Gumbel noise) / tau) forward, the soft sample's gradient
// backward (torch's gumbel_softmax(hard=True)). logits [N,K] -> gates [N,K]. With a RowShard, the
// noise is drawn for all its rows and these logits take rows [first, first + N).
torch::Tensor gumbel_straight_through(const torch::Tensor& logits, double tau, const RowShard& shard = {});

// one_hot(argmax_k logits), ties to the lowest k. [N,K] -> [N,K], no gradient.
torch::Tensor argmax_one_hot(const torch::Tensor& logits);

// K * sum_k f_k * P_k with f_k = mean over rows of gates[:,k] (fraction routed) and P_k = mean of
// softmax(logits)[:,k], rows = every record's tokens stacked. 1.0 when perfectly balanced.
// Undefined tensor when there are no records.
torch::Tensor balance_loss(const std::vector<RoutingRecord>& records);

// The same loss over the rows of several ranks, from sums: per expert, gates [K] = sum of gates
// (f_k * rows) and probs [K] = sum of softmax(logits) (P_k * rows), with gradient; rows a count.
struct RoutingSums {
  torch::Tensor gates, probs;
  int64_t rows = 0;
};
RoutingSums routing_sums(const std::vector<RoutingRecord>& records);  // undefined tensors: no records
// K * sum_k G_k S_k / N^2 with G, S, N the sums over all ranks (`all_gates`, `all_probs` [K] and
// `all_rows`, no gradient). Its value is the global loss; its gradient is this rank's share,
// K / N^2 * sum_k (S_k dG_k + G_k dS_k) over this rank's rows, so that the ranks' gradients sum to
// the global loss's gradient. Undefined when this rank has no rows.
torch::Tensor balance_loss_share(const RoutingSums& mine, const torch::Tensor& all_gates,
                                 const torch::Tensor& all_probs, double all_rows);
}  // namespace hycam
