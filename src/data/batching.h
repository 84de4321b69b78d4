// Batches for training and evaluation: dynamic padding (to the longest sample of the batch, never
// to max_len) and a seeded, length-grouped order that mixes all tasks, as Hugging Face's
// LengthGroupedSampler: similar lengths share a batch, so little compute goes to padding, while
// batch membership and order still change every epoch.
// Dimension legend: B samples in the batch, T the longest sample's length.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "data/tokenize.h"

namespace hycam::data {

struct Batch {
  torch::Tensor ids;             // [B,T] int64, padding = pad id
  torch::Tensor attention_mask;  // [B,T] int64, 1 on real tokens
  torch::Tensor targets;         // [B,T] int64: ids[b,t+1] when that token is a target, else -100
  torch::Tensor positions;       // [B,T] int64: 0.. over the real tokens, 0 on padding
  torch::Tensor task;            // [B] int64
  int64_t real_tokens = 0;       // sum of attention_mask
  int64_t target_tokens = 0;     // entries of targets != -100
};

constexpr int64_t kIgnoreIndex = -100;  // torch's cross_entropy default ignore_index

// Right padding (left_pad = false) for training and evaluation; left padding for generation, so
// that prompts end together. A pad_id < 0 (the tokenizer has none) pads with 0: padding is masked
// out and never a target, so its id does not matter. `min_len` pads to at least that length (data
// parallel: a rank's share padded as the whole micro-batch is). Throws hycam::Error for an empty
// batch or a malformed sample.
Batch collate(const std::vector<const Sample*>& samples, int32_t pad_id, bool left_pad = false, int64_t min_len = 0);

// The real and target tokens `collate` would count for these samples, without building tensors.
struct TokenCounts {
  int64_t real = 0, target = 0;
};
TokenCounts count_tokens(const std::vector<const Sample*>& samples);

// A training epoch's plan: indices into `samples`, every index exactly once; the same (seed,
// epoch) gives the same plan, other epochs other plans. As LengthGroupedSampler: a seeded shuffle
// of all indices, cut into mega-batches of batch_size * min(50, n / (4 * batch_size)) (at least
// batch_size), each sorted by length, longest first, and cut into batches. Then, unlike Hugging
// Face (which keeps the long-to-short run of each mega-batch), the batch order is shuffled; the
// batch holding the longest sample goes first either way, so an out-of-memory shows at step one.
// Only the last batch of a mega-batch can be short.
std::vector<std::vector<int64_t>> length_grouped_batches(const std::vector<Sample>& samples, int64_t batch_size,
                                                         uint64_t seed, int64_t epoch);

// 0..n-1 in order, in batches of batch_size (the last may be short), for evaluation.
std::vector<std::vector<int64_t>> sequential_batches(int64_t n, int64_t batch_size);

}  // namespace hycam::data
