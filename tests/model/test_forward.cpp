// The base model against the reference tool's golden values (logits, loss, greedy ids), and the
// key/value cache against full recomputation.
#include <gtest/gtest.h>

#include "golden.h"
#include "model/loader.h"

namespace hycam {
namespace {

torch::Tensor forward_logits(CausalLM& model, const torch::Tensor& ids) {
  torch::NoGradGuard no_grad;
  ForwardContext ctx;
  return model->forward({ids}, ctx);
}

TEST(Forward, BaseLogitsMatchGolden) {
  auto golden = test::read_json("models/stories260K/golden/base_logits.json");
  auto model = load_model(test::stories_dir());
  auto logits = forward_logits(model, test::ids_of(golden["ids"]))[0];
  double diff = test::max_abs_diff(logits, test::tensor_of(golden["logits"]));
  std::cout << "max |logit - golden| = " << diff << "\n";
  EXPECT_LE(diff, 1e-4);
  auto ids = test::ids_of(golden["ids"])[0];
  auto loss = torch::nn::functional::cross_entropy(logits.narrow(0, 0, ids.size(0) - 1),
                                                   ids.narrow(0, 1, ids.size(0) - 1));
  EXPECT_NEAR(loss.item<double>(), golden["loss"].get<double>(), 1e-5);
}

TEST(Forward, Greedy60MatchesGoldenWithAndWithoutCache) {
  auto golden = test::read_json("models/stories260K/golden/greedy_60.json");
  auto model = load_model(test::stories_dir());
  auto expected = golden["generated"].get<std::vector<int64_t>>();
  torch::NoGradGuard no_grad;
  // Full recomputation of the prefix at every step.
  auto ids = test::ids_of(golden["prompt"]);
  for (size_t i = 0; i < expected.size(); ++i) {
    auto next = forward_logits(model, ids)[0][-1].argmax().item<int64_t>();
    ASSERT_EQ(next, expected[i]) << "step " << i;
    ids = torch::cat({ids, torch::tensor({{next}})}, 1);
  }
  // Incremental decoding with the cache.
  KVCache cache(model->config(), 1, 128, torch::kFloat32, torch::kCPU);
  ForwardContext ctx;
  auto step = test::ids_of(golden["prompt"]);
  for (size_t i = 0; i < expected.size(); ++i) {
    auto next = model->forward({step, {}, {}, &cache}, ctx)[0][-1].argmax().item<int64_t>();
    ASSERT_EQ(next, expected[i]) << "cached step " << i;
    step = torch::tensor({{next}});
  }
}

// In float64, so that the check sees the cache logic rather than float32 summation order.
TEST(Forward, CacheMatchesRecomputeForPaddedBatch) {
  auto model = load_model(test::stories_dir());
  model->to(torch::kFloat64);
  torch::NoGradGuard no_grad;
  // Two rows, the second left-padded by 3: positions come from the real tokens.
  auto ids = torch::tensor({{1, 403, 407, 261, 378, 432, 383}, {0, 0, 0, 1, 403, 407, 261}});
  auto mask = torch::tensor({{1, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 1, 1, 1, 1}});
  ForwardContext ctx;
  auto full = model->forward({ids, mask}, ctx);
  KVCache cache(model->config(), 2, 16, torch::kFloat64, torch::kCPU);
  auto first = model->forward({ids.narrow(1, 0, 4), mask.narrow(1, 0, 4), {}, &cache}, ctx);
  auto rest = model->forward({ids.narrow(1, 4, 3), mask.narrow(1, 4, 3), {}, &cache}, ctx);
  auto cached = torch::cat({first, rest}, 1);
  auto real = mask.to(torch::kBool);
  EXPECT_LE(test::max_abs_diff(cached.index({real}), full.index({real})), 1e-5);
  // The padded row equals that row run alone.
  auto alone = model->forward({ids[1].narrow(0, 3, 4).unsqueeze(0)}, ctx)[0];
  EXPECT_LE(test::max_abs_diff(full[1].narrow(0, 3, 4), alone), 1e-5);
}

}  // namespace
}  // namespace hycam
