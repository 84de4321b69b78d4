#include "adapters/routing.h"

namespace hycam {

torch::Tensor gumbel_straight_through(const torch::Tensor& logits, double tau, const RowShard& shard) {
  auto draws = shard.total == 0 ? torch::empty_like(logits).exponential_()
                                : torch::empty({shard.total, logits.size(1)}, logits.options())
                                      .exponential_()
                                      .narrow(0, shard.first, logits.size(0));
  auto gumbels = -draws.log();
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

RoutingSums routing_sums(const std::vector<RoutingRecord>& records) {
  if (records.empty()) return {};
  std::vector<torch::Tensor> logits, gates;
  for (const auto& r : records) {
    logits.push_back(r.logits);
    gates.push_back(r.gates);
  }
  auto l = torch::cat(logits);
  auto probs = torch::softmax(l.scalar_type() == torch::kFloat64 ? l : l.to(torch::kFloat32), -1);
  return {torch::cat(gates).sum(0), probs.sum(0), l.size(0)};
}

torch::Tensor balance_loss_share(const RoutingSums& mine, const torch::Tensor& all_gates,
                                 const torch::Tensor& all_probs, double all_rows) {
  if (!mine.gates.defined() || all_rows == 0) return {};
  const double K = static_cast<double>(all_gates.size(0));
  auto G = all_gates.to(mine.gates.scalar_type()), S = all_probs.to(mine.probs.scalar_type());
  // G.S + (g - g.detach()).S + G.(s - s.detach()): the global value, this rank's gradient.
  auto g = mine.gates - mine.gates.detach(), s = mine.probs - mine.probs.detach();
  return K / (all_rows * all_rows) * ((G * S).sum() + (g * S).sum() + (G * s).sum());
}
}  // namespace hycam
