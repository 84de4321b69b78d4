// The golden HyCAM adapter reproduces the reference's logits, routing and balance loss in both
// placements.
#include <gtest/gtest.h>

#include "adapters/adapter_file.h"
#include "golden.h"
#include "model/loader.h"

namespace hycam {
namespace {

void check_placement(const std::string& placement) {
  auto golden = test::read_json("models/stories260K/golden/hycam_" + placement + "_logits.json");
  auto loaded = load_adapter(test::stories_dir() + "/golden/adapter_k4_r8.safetensors",
                             load_model(test::stories_dir()), {{"placement", placement}});
  EXPECT_FALSE(loaded.warnings.empty());  // the golden file has no fingerprint
  torch::NoGradGuard no_grad;
  ForwardContext ctx;
  auto logits = loaded.adapter.model()->forward({test::ids_of(golden["ids"])}, ctx)[0];
  double diff = test::max_abs_diff(logits, test::tensor_of(golden["logits"]));
  std::cout << placement << ": max |logit - golden| = " << diff << "\n";
  EXPECT_LE(diff, 1e-4);
  ASSERT_EQ(ctx.routing.size(), 5u);
  for (size_t l = 0; l < ctx.routing.size(); ++l) {
    auto chosen = ctx.routing[l].gates.argmax(-1);
    auto expected = golden["experts"][l].get<std::vector<int64_t>>();
    for (size_t t = 0; t < expected.size(); ++t)
      ASSERT_EQ(chosen[t].item<int64_t>(), expected[t]) << "layer " << l << " position " << t;
  }
  EXPECT_NEAR(loaded.adapter.balance_loss(ctx).item<double>(), golden["balance_loss"].get<double>(), 1e-5);
}

TEST(GoldenAdapter, ResidualPlacement) { check_placement("residual"); }
TEST(GoldenAdapter, AttnPlacement) { check_placement("attn"); }

}  // namespace
}  // namespace hycam
