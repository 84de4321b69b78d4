// Gradient checkpointing (activation recomputation): a decoder block runs without keeping its
// intermediate activations; the backward pass runs it again, with gradient, from its saved input.
// Memory for activations drops from every block's intermediates to one tensor per block, for
// about one extra forward pass of compute.
//
// The recomputation must be the same computation: the random generator of the block's device is
// restored to its state at the first run (Gumbel noise, dropout), and the routing records a block
// appends (router logits and gates, inputs of the balance loss) are outputs of the checkpointed
// function, so the balance loss's gradient flows through the recomputed graph too.
#pragma once
#include <torch/torch.h>

#include "model/block.h"

namespace hycam {

// block->forward(h, cos, sin, mask, no cache, ctx) without saved activations.
torch::Tensor checkpointed_block(DecoderBlock& block, const torch::Tensor& h, const torch::Tensor& cos,
                                 const torch::Tensor& sin, const torch::Tensor& mask, ForwardContext& ctx);

}  // namespace hycam
