// The balance loss split among ranks: each rank's share, formed from the all-ranks sums, has the
// global value, and the shares' gradients add up to the gradient of the loss over all rows.
#include <gtest/gtest.h>

#include "adapters/routing.h"

namespace hycam {
namespace {

TEST(BalanceShare, SharesAddUpToTheWholeLoss) {
  torch::manual_seed(7);
  const int64_t K = 4;
  auto logits = torch::randn({10, K}, torch::kFloat64).requires_grad_(true);
  auto gates = gumbel_straight_through(logits, 0.5);
  auto whole = balance_loss({{0, logits, gates}});
  auto expected = torch::autograd::grad({whole}, {logits}, {}, /*retain_graph=*/true)[0];

  // Rank 0 holds rows 0..6 (two layers' records), rank 1 rows 7..9.
  const std::vector<RoutingRecord> rank0 = {{0, logits.narrow(0, 0, 4), gates.narrow(0, 0, 4)},
                                            {1, logits.narrow(0, 4, 3), gates.narrow(0, 4, 3)}};
  const std::vector<RoutingRecord> rank1 = {{0, logits.narrow(0, 7, 3), gates.narrow(0, 7, 3)}};
  auto s0 = routing_sums(rank0), s1 = routing_sums(rank1);
  EXPECT_EQ(s0.rows + s1.rows, 10);
  auto G = (s0.gates + s1.gates).detach(), S = (s0.probs + s1.probs).detach();
  auto l0 = balance_loss_share(s0, G, S, 10), l1 = balance_loss_share(s1, G, S, 10);
  EXPECT_NEAR(l0.item<double>(), whole.item<double>(), 1e-12);
  EXPECT_NEAR(l1.item<double>(), whole.item<double>(), 1e-12);
  auto summed = torch::autograd::grad({l0 + l1}, {logits})[0];
  EXPECT_LE((summed - expected).abs().max().item<double>(), 1e-12);
  EXPECT_GT(expected.abs().max().item<double>(), 1e-4);  // a real gradient, not two zeros

  EXPECT_FALSE(balance_loss_share(routing_sums({}), G, S, 10).defined());  // a rank without rows
}

}  // namespace
}  // namespace hycam
