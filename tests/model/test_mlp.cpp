// The fused SiLU-gate (swiglu) against the plain composition in float64: same values, same
// gradient of the fused gate/up product.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "golden.h"
#include "model/mlp.h"

namespace hycam {
namespace {

TEST(SwiGLU, ValuesAndGradientEqualThePlainComposition) {
  torch::manual_seed(5);
  auto x = torch::randn({2, 3, 8}, torch::kFloat64) * 3;
  auto a = x.clone().requires_grad_(), b = x.clone().requires_grad_();
  auto fused = swiglu(a);
  auto plain = torch::silu(b.narrow(-1, 0, 4)) * b.narrow(-1, 4, 4);
  EXPECT_LE(test::max_abs_diff(fused, plain), 1e-15);
  auto w = torch::randn({2, 3, 4}, torch::kFloat64);
  (fused * w).sum().backward();
  (plain * w).sum().backward();
  EXPECT_LE(test::max_abs_diff(a.grad(), b.grad()), 1e-14);
}

}  // namespace
}  // namespace hycam
