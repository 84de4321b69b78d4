// Key/value cache for incremental decoding. Buffers are allocated once for `capacity` positions;
// each forward call writes its new keys/values in place, so decoding a token costs no copies of
// the past. key_valid marks which cached slots are real tokens (left padding is not).
#pragma once
#include <torch/torch.h>

#include <vector>

#include "model/config.h"

namespace hycam {

struct KVCache {
  KVCache(const ModelConfig& cfg, int64_t batch, int64_t capacity, torch::Dtype dtype,
          torch::Device device);

  std::vector<torch::Tensor> keys, values;  // per layer [B, Hkv, capacity, hd]
  torch::Tensor key_valid;                  // [B, capacity] bool
  torch::Tensor key_pos;                    // [B, capacity] int64 position ids
  int64_t length = 0;                       // slots filled so far
  int64_t capacity = 0;

  // Records the validity/positions of `T` new slots; called once per forward, before the layers.
  void append_slots(const torch::Tensor& valid, const torch::Tensor& positions);
  // Writes layer `layer`'s new k/v [B,Hkv,T,hd] into the slots reserved by append_slots and
  // returns the whole filled prefix [B,Hkv,length,hd].
  std::pair<torch::Tensor, torch::Tensor> update(int64_t layer, const torch::Tensor& k,
                                                 const torch::Tensor& v);
  // Keeps only the batch rows in `rows` (finished sequences drop out of a batched generation).
  void select_rows(const torch::Tensor& rows);
};

}  // namespace hycam
