#include "train/loss.h"

namespace hycam {

torch::Tensor nll_sum(const torch::Tensor& logits, const torch::Tensor& targets) {
  namespace F = torch::nn::functional;
  auto flat = logits.reshape({-1, logits.size(-1)});
  auto lf = flat.scalar_type() == torch::kFloat64 ? flat : flat.to(torch::kFloat32);
  return F::cross_entropy(lf, targets.reshape({-1}),
                          F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
}

torch::Tensor nll_sum_at_targets(const CausalLM& model, const torch::Tensor& hidden, const torch::Tensor& targets) {
  auto keep = targets != -100;
  return nll_sum(model->logits(hidden.index({keep})), targets.index({keep}));
}

std::pair<torch::Tensor, torch::Tensor> nll_per_row(const torch::Tensor& logits, const torch::Tensor& targets) {
  namespace F = torch::nn::functional;
  const int64_t B = logits.size(0), T = logits.size(1);
  auto lf = logits.reshape({B * T, -1});
  lf = lf.scalar_type() == torch::kFloat64 ? lf : lf.to(torch::kFloat32);
  auto per_token = F::cross_entropy(lf, targets.reshape({-1}),
                                    F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kNone));
  auto valid = (targets != -100);
  return {per_token.view({B, T}).sum(1).to(torch::kFloat64), valid.sum(1)};
}

}  // namespace hycam
