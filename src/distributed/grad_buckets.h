// The gradient all-reduce of data parallelism: the trainable tensors' gradients summed over all
// ranks in a few flat buckets (as DDP's reducer), not one collective per tensor.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "distributed/communicator.h"

namespace hycam {

constexpr int64_t kGradBucketBytes = 25 << 20;  // DDP's default bucket size

// Consecutive tensors of one dtype, at most `bucket_bytes` together (a larger tensor alone).
std::vector<std::vector<size_t>> grad_buckets(const std::vector<torch::Tensor>& params, int64_t bucket_bytes);

// Sums every parameter's .grad over the ranks in place. A rank that computed no gradient for a
// tensor (no rows in its shard) adds zeros and receives the sum.
void all_reduce_gradients(Communicator& comm, const std::vector<torch::Tensor>& params,
                          int64_t bucket_bytes = kGradBucketBytes);

}  // namespace hycam
