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
// backward (torch's gumbel_softmax(hard=True)). logits [N,K] -> gates [N,K].
torch::Tensor gumbel_straight_through(const torch::Tensor& logits, double tau);

// one_hot(argmax_k logits), ties to the lowest k. [N,K] -> [N,K], no gradient.
torch::Tensor argmax_one_hot(const torch::Tensor& logits);

// K * sum_k f_k * P_k with f_k = mean over rows of gates[:,k] (fraction routed) and P_k = mean of
// softmax(logits)[:,k], rows = every record's tokens stacked. 1.0 when perfectly balanced.
// Undefined tensor when there are no records.
torch::Tensor balance_loss(const std::vector<RoutingRecord>& records);

}  // namespace hycam
