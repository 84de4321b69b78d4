// Samplers: each stage on a known distribution, chains built from options, seeds, and the
// validation messages; then through generate() on stories260K.
#include <gtest/gtest.h>

#include <cmath>

#include "generate/generate.h"
#include "generate/sampling.h"
#include "generate_test_util.h"
#include "util/error.h"

namespace hycam {
namespace {

// log of probabilities 0.5, 0.3, 0.15, 0.05 for two identical rows [2,4].
torch::Tensor known_logits() {
  auto p = torch::tensor({0.5, 0.3, 0.15, 0.05}, torch::kFloat64).log();
  return torch::stack({p, p});
}

std::vector<bool> kept(const torch::Tensor& filtered) {  // row 0
  std::vector<bool> k;
  for (int64_t v = 0; v < filtered.size(1); ++v) k.push_back(std::isfinite(filtered[0][v].item<double>()));
  return k;
}

TEST(Sampling, TopKKeepsTheKLargest) {
  EXPECT_EQ(kept(top_k_stage(2)->filter(known_logits())), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(kept(top_k_stage(10)->filter(known_logits())), (std::vector<bool>{true, true, true, true}));
}

TEST(Sampling, TopPKeepsTheTokenThatCrossesP) {
  EXPECT_EQ(kept(top_p_stage(0.45)->filter(known_logits())), (std::vector<bool>{true, false, false, false}));
  EXPECT_EQ(kept(top_p_stage(0.7)->filter(known_logits())), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(kept(top_p_stage(0.85)->filter(known_logits())), (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(kept(top_p_stage(0.01)->filter(known_logits())), (std::vector<bool>{true, false, false, false}));
  // Order of the vocabulary does not matter.
  auto shuffled = known_logits().index_select(1, torch::tensor({2, 0, 3, 1}));
  EXPECT_EQ(kept(top_p_stage(0.7)->filter(shuffled)), (std::vector<bool>{false, true, false, true}));
}

TEST(Sampling, TemperatureSharpensAndFlattens) {
  auto cold = torch::softmax(temperature_stage(0.5)->filter(known_logits()), -1)[0];
  auto hot = torch::softmax(temperature_stage(2.0)->filter(known_logits()), -1)[0];
  EXPECT_GT(cold[0].item<double>(), 0.5);
  EXPECT_LT(hot[0].item<double>(), 0.5);
}

TEST(Sampling, DrawFollowsTheDistributionAndTheSeed) {
  SamplerChain chain(7);
  chain.add(draw_stage());
  std::vector<int64_t> counts(4, 0);
  for (int i = 0; i < 2000; ++i) {
    auto ids = chain.sample(known_logits());
    ASSERT_EQ(ids.sizes(), (std::vector<int64_t>{2}));
    ++counts[ids[0].item<int64_t>()];
  }
  EXPECT_NEAR(counts[0] / 2000.0, 0.5, 0.05);
  EXPECT_NEAR(counts[3] / 2000.0, 0.05, 0.02);
  SamplerChain a(3), b(3);
  a.add(draw_stage());
  b.add(draw_stage());
  auto wide = torch::zeros({16, 512});
  EXPECT_TRUE(torch::equal(a.sample(wide), b.sample(wide)));
}

TEST(Sampling, ChainsFromOptions) {
  EXPECT_EQ(SamplerChain::from_options({}).describe(), "greedy");
  SamplingOptions o;
  o.temperature = 0.8;
  o.top_k = 40;
  o.top_p = 0.95;
  o.seed = 1;
  EXPECT_EQ(SamplerChain::from_options(o).describe(), "temperature 0.8 -> top-k 40 -> top-p 0.95 -> draw (seed 1)");
  o.temperature = 1;
  o.top_k = 0;
  o.top_p = 1;
  EXPECT_EQ(SamplerChain::from_options(o).describe(), "draw (seed 1)");
  EXPECT_THROW(SamplerChain(0).add(greedy_stage()).add(top_k_stage(2)), Error);
  EXPECT_THROW(SamplerChain(0).add(top_k_stage(2)).sample(known_logits()), Error);
}

std::string validation_message(SamplingOptions o) {
  try {
    o.validate();
  } catch (const Error& e) {
    return e.what();
  }
  return "(valid)";
}

TEST(Sampling, InvalidOptionsAreRefusedByName) {
  SamplingOptions o;
  EXPECT_EQ(validation_message(o), "(valid)");
  o.temperature = -1;
  EXPECT_NE(validation_message(o).find("temperature (--temperature) must be >= 0"), std::string::npos);
  o.temperature = std::nan("");
  EXPECT_NE(validation_message(o).find("temperature"), std::string::npos);
  o = {};
  o.top_p = 1.5;
  EXPECT_NE(validation_message(o).find("top_p (--top-p) must be in (0, 1]"), std::string::npos);
  o.top_p = 0;
  EXPECT_NE(validation_message(o).find("top_p"), std::string::npos);
  o = {};
  o.top_k = -3;
  EXPECT_NE(validation_message(o).find("top_k (--top-k) must be >= 0"), std::string::npos);
  EXPECT_THROW(SamplerChain::from_options(o), Error);
}

GenerateOptions sampled(uint64_t seed) {
  GenerateOptions o;
  o.max_new_tokens = 40;
  o.sampling.temperature = 1.0;
  o.sampling.seed = seed;
  return o;
}

TEST(Sampling, SameSeedSameOutputOtherSeedOtherOutput) {
  auto model = load_model(test::stories_dir());
  const std::vector<std::vector<int64_t>> prompts = {test::golden_prompt(), {1, 317, 394}};
  auto a = generate(model, prompts, sampled(1));
  auto b = generate(model, prompts, sampled(1));
  auto c = generate(model, prompts, sampled(2));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a[0], test::golden_greedy()) << "temperature 1 should leave the greedy path";
}

TEST(Sampling, TopK1IsGreedy) {
  auto model = load_model(test::stories_dir());
  GenerateOptions o;
  o.max_new_tokens = 60;
  o.sampling.temperature = 0.7;
  o.sampling.top_k = 1;
  o.sampling.seed = 5;
  EXPECT_EQ(generate(model, {test::golden_prompt()}, o)[0], test::golden_greedy());
  o.sampling.top_k = 0;
  o.sampling.top_p = 1e-6;  // only the most likely token survives
  EXPECT_EQ(generate(model, {test::golden_prompt()}, o)[0], test::golden_greedy());
}

}  // namespace
}  // namespace hycam
