#include "adapters/routing.h"

namespace hycam {

torch::Tensor gumbel_straight_through(const torch::Tensor& logits, double tau) {
  auto gumbels = -torch::empty_like(logits).exponential_().log();
  auto soft = torch::softmax((logits + gumbels) / tau, -1);
  auto hard = torch::zeros_like(soft).scatter_(-1, soft.argmax(-1, true), 1.0);
  return hard - soft.detach() + soft;
}

torch::Tensor argmax_one_hot(const torch::Tensor& logits) {
  return torch::zeros_like(logits).scatter_(-1, logits.argmax(-1, true), 1.0);
}

torch::Tensor balance_loss(const std::vector<RoutingRecord>& records) {
  if (records.empty()) return {};
  std::vector<torch::Tensor> logits, gates;
  for (const auto& r : records) {
    logits.push_back(r.logits);
    gates.push_back(r.gates);
  }
  auto l = torch::cat(logits), g = torch::cat(gates);
  if (l.size(0) == 0) return torch::zeros({}, l.options());
  const double K = static_cast<double>(l.size(1));
  auto probs = torch::softmax(l.scalar_type() == torch::kFloat64 ? l : l.to(torch::kFloat32), -1);
  return K * (g.mean(0) * probs.mean(0)).sum();
}

}  // namespace hycam
