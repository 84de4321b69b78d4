#include "train/loss.h"

namespace hycam {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The loss over chunks of rows; fills d_hidden and d_weight (when defined: zeros of their inputs'
// shapes) with the gradients of the loss.
torch::Tensor chunked_cross_entropy(const torch::Tensor& hidden, const torch::Tensor& weight,
                                    const torch::Tensor& targets, int64_t chunk_rows, torch::Tensor d_hidden,
                                    torch::Tensor d_weight) {
  auto loss = torch::zeros({}, hidden.options());
  for (int64_t r0 = 0; r0 < hidden.size(0); r0 += chunk_rows) {
    const int64_t n = std::min(chunk_rows, hidden.size(0) - r0);
    auto h = hidden.narrow(0, r0, n), t = targets.narrow(0, r0, n).unsqueeze(1);
    auto logits = torch::mm(h, weight.t());                           // [n,V]
    auto max = std::get<0>(logits.max(1, /*keepdim=*/true));          // for a stable exp
    auto target_logit = logits.gather(1, t);
    auto sum_exp = logits.sub_(max).exp_().sum(1, /*keepdim=*/true);  // logits now hold exp(l - max)
    loss += (sum_exp.log() + max - target_logit).sum();
    if (!d_hidden.defined() && !d_weight.defined()) continue;
    auto d_logits = logits.div_(sum_exp);                              // softmax
    d_logits.scatter_add_(1, t, torch::full_like(target_logit, -1));   // softmax - one-hot
    if (d_hidden.defined()) d_hidden.narrow(0, r0, n).addmm_(d_logits, weight);
    if (d_weight.defined()) d_weight.addmm_(d_logits.t(), h);
  }
  return loss;
}

class LinearCrossEntropy : public torch::autograd::Function<LinearCrossEntropy> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& hidden, const torch::Tensor& weight,
                               const torch::Tensor& targets, int64_t chunk_rows) {
    auto zeros_if = [](bool needed, const torch::Tensor& like) { return needed ? torch::zeros_like(like) : torch::Tensor(); };
    auto d_hidden = zeros_if(ctx->needs_input_grad(0), hidden), d_weight = zeros_if(ctx->needs_input_grad(1), weight);
    auto loss = chunked_cross_entropy(hidden, weight, targets, chunk_rows, d_hidden, d_weight);
    ctx->save_for_backward({d_hidden, d_weight});
    return loss;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    auto scale = [&](const torch::Tensor& d) { return d.defined() ? d * grads[0] : torch::Tensor(); };
    return {scale(saved[0]), scale(saved[1]), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor linear_cross_entropy_sum(const torch::Tensor& hidden, const torch::Tensor& weight,
                                       const torch::Tensor& targets, int64_t chunk_rows) {
  const bool needs_grad = torch::GradMode::is_enabled() && (hidden.requires_grad() || weight.requires_grad());
  if (!needs_grad) return chunked_cross_entropy(hidden, weight, targets, chunk_rows, {}, {});
  return LinearCrossEntropy::apply(hidden, weight, targets, chunk_rows);
}

torch::Tensor nll_sum(const torch::Tensor& logits, const torch::Tensor& targets) {
  namespace F = torch::nn::functional;
  auto flat = logits.reshape({-1, logits.size(-1)});
  auto lf = flat.scalar_type() == torch::kFloat64 ? flat : flat.to(torch::kFloat32);
  return F::cross_entropy(lf, targets.reshape({-1}),
                          F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
}

torch::Tensor nll_sum_at_targets(const CausalLM& model, const torch::Tensor& hidden, const torch::Tensor& targets) {
  auto keep = targets != -100;
  return linear_cross_entropy_sum(hidden.index({keep}), model->lm_head_weight, targets.index({keep}));
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
