#include "model/kv_cache.h"

#include "util/error.h"

namespace hycam {

KVCache::KVCache(const ModelConfig& cfg, int64_t batch, int64_t capacity_, torch::Dtype dtype,
                 torch::Device device)
    : capacity(capacity_) {
  auto opts = torch::TensorOptions().dtype(dtype).device(device);
  for (int64_t l = 0; l < cfg.layers; ++l) {
    keys.push_back(torch::zeros({batch, cfg.kv_heads, capacity, cfg.head_dim}, opts));
    values.push_back(torch::zeros({batch, cfg.kv_heads, capacity, cfg.head_dim}, opts));
  }
  key_valid = torch::zeros({batch, capacity}, torch::TensorOptions().dtype(torch::kBool).device(device));
  key_pos = torch::zeros({batch, capacity}, torch::TensorOptions().dtype(torch::kInt64).device(device));
}

void KVCache::append_slots(const torch::Tensor& valid, const torch::Tensor& positions) {
  const int64_t T = valid.size(1);
  if (length + T > capacity)
    throw Error("key/value cache full: " + std::to_string(length + T) + " positions needed, capacity " +
                std::to_string(capacity));
  key_valid.narrow(1, length, T).copy_(valid);
  key_pos.narrow(1, length, T).copy_(positions);
  length += T;
}

std::pair<torch::Tensor, torch::Tensor> KVCache::update(int64_t layer, const torch::Tensor& k,
                                                        const torch::Tensor& v) {
  const int64_t T = k.size(2), start = length - T;
  keys[layer].narrow(2, start, T).copy_(k);
  values[layer].narrow(2, start, T).copy_(v);
  return {keys[layer].narrow(2, 0, length), values[layer].narrow(2, 0, length)};
}

void KVCache::select_rows(const torch::Tensor& rows) {
  for (auto& k : keys) k = k.index_select(0, rows);
  for (auto& v : values) v = v.index_select(0, rows);
  key_valid = key_valid.index_select(0, rows);
  key_pos = key_pos.index_select(0, rows);
}

}  // namespace hycam
