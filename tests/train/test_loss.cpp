// The fused output head + cross-entropy against the plain composition (logits, then
// cross_entropy) in float64: the same sum and the same gradients, across chunk boundaries.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "golden.h"
#include "train/loss.h"

namespace hycam {
namespace {

namespace F = torch::nn::functional;

torch::Tensor plain_sum(const torch::Tensor& h, const torch::Tensor& w, const torch::Tensor& t) {
  return F::cross_entropy(torch::mm(h, w.t()), t, F::CrossEntropyFuncOptions().reduction(torch::kSum));
}

struct Inputs {
  torch::Tensor hidden, weight, targets;
};

Inputs inputs(bool weight_trains, double spread = 1.0) {
  torch::manual_seed(3);
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  return {(torch::randn({7, 5}, opts) * spread).requires_grad_(),
          torch::randn({11, 5}, opts).requires_grad_(weight_trains),
          torch::tensor({0, 10, 3, 3, 7, 1, 10}, torch::kInt64)};
}

TEST(LinearCrossEntropy, SumAndGradientsEqualThePlainComposition) {
  for (bool weight_trains : {false, true}) {
    for (int64_t chunk : {1, 3, 7, 256}) {
      auto a = inputs(weight_trains), b = inputs(weight_trains);
      auto fused = linear_cross_entropy_sum(a.hidden, a.weight, a.targets, chunk);
      auto plain = plain_sum(b.hidden, b.weight, b.targets);
      EXPECT_NEAR(fused.item<double>(), plain.item<double>(), 1e-12) << chunk;
      (fused * 0.5).backward();  // the incoming gradient scales the saved ones
      (plain * 0.5).backward();
      EXPECT_LE(test::max_abs_diff(a.hidden.grad(), b.hidden.grad()), 1e-12) << chunk;
      if (weight_trains) EXPECT_LE(test::max_abs_diff(a.weight.grad(), b.weight.grad()), 1e-12) << chunk;
      else EXPECT_FALSE(a.weight.grad().defined());
    }
  }
}

TEST(LinearCrossEntropy, StableForLargeLogits) {
  auto a = inputs(false, 300.0);  // logits in the thousands: exp overflows without the max shift
  auto fused = linear_cross_entropy_sum(a.hidden, a.weight, a.targets, 3);
  EXPECT_TRUE(std::isfinite(fused.item<double>()));
  EXPECT_NEAR(fused.item<double>(), plain_sum(a.hidden, a.weight, a.targets).item<double>(), 1e-9);
}

TEST(LinearCrossEntropy, NoGradientWorkWithoutGradMode) {
  auto a = inputs(true);
  torch::NoGradGuard no_grad;
  auto fused = linear_cross_entropy_sum(a.hidden, a.weight, a.targets, 2);
  EXPECT_FALSE(fused.requires_grad());
  EXPECT_NEAR(fused.item<double>(), plain_sum(a.hidden, a.weight, a.targets).item<double>(), 1e-12);
}

}  // namespace
}  // namespace hycam
