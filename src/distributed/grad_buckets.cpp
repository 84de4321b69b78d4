#include "distributed/grad_buckets.h"

namespace hycam {

std::vector<std::vector<size_t>> grad_buckets(const std::vector<torch::Tensor>& params, int64_t bucket_bytes) {
  std::vector<std::vector<size_t>> buckets;
  int64_t bytes = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    const int64_t size = params[i].numel() * static_cast<int64_t>(params[i].element_size());
    const bool fits = !buckets.empty() && bytes + size <= bucket_bytes &&
                      params[buckets.back().front()].scalar_type() == params[i].scalar_type();
    if (!fits) buckets.emplace_back(), bytes = 0;
    buckets.back().push_back(i);
    bytes += size;
  }
  return buckets;
}

void all_reduce_gradients(Communicator& comm, const std::vector<torch::Tensor>& params, int64_t bucket_bytes) {
  torch::NoGradGuard no_grad;
  const auto buckets = grad_buckets(params, bucket_bytes);
  std::vector<torch::Tensor> flats;
  for (const auto& bucket : buckets) {
    std::vector<torch::Tensor> parts;
    for (size_t i : bucket) {
      const auto& g = params[i].grad();
      parts.push_back(g.defined() ? g.reshape({-1}) : torch::zeros({params[i].numel()}, params[i].options()));
    }
    flats.push_back(torch::cat(parts));
  }
  comm.all_reduce_sum(flats);
  for (size_t b = 0; b < buckets.size(); ++b) {
    int64_t offset = 0;
    for (size_t i : buckets[b]) {
      auto p = params[i];
      auto summed = flats[b].narrow(0, offset, p.numel()).view_as(p);
      offset += p.numel();
      if (p.grad().defined()) p.mutable_grad().copy_(summed);
      else p.mutable_grad() = summed.clone();
    }
  }
}

}  // namespace hycam
