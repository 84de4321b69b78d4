// generate(): the golden greedy continuation, left-padded batches against rows run alone, stopping
// at EOS, the EOS set of a model folder, and cached decoding against full recomputation (float64)
// on Llama, Qwen2 (q/k/v biases) and Mistral (sliding window) shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "adapters/adapter_file.h"
#include "generate/generate.h"
#include "generate_test_util.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace {

const std::vector<std::vector<int64_t>> kPrompts = {
    {1, 403, 407, 261, 378},                // "Once upon a time"
    {1, 317, 394},                          // "Lily saw"
    {1, 291, 400, 429, 413, 304, 336, 467}, // "The doctor said: take i"
};

std::vector<int64_t> alone(CausalLM& model, const std::vector<int64_t>& prompt, GenerateOptions o) {
  return generate(model, {prompt}, o)[0];
}

TEST(Generate, Greedy60MatchesGolden) {
  auto model = load_model(test::stories_dir());
  GenerateOptions o;
  o.max_new_tokens = 60;
  std::vector<int64_t> streamed;
  auto out = generate(model, {test::golden_prompt()}, o, [&](int64_t row, int64_t id) {
    EXPECT_EQ(row, 0);
    streamed.push_back(id);
  });
  EXPECT_EQ(out[0], test::golden_greedy());
  EXPECT_EQ(streamed, test::golden_greedy());
}

TEST(Generate, LeftPaddedBatchEqualsEachRowAlone) {
  auto model = load_model(test::stories_dir());
  GenerateOptions o;
  o.max_new_tokens = 30;
  auto batch = generate(model, kPrompts, o);
  o.batch_size = 2;  // two chunks: rows 0-1, then row 2
  auto chunked = generate(model, kPrompts, o);
  for (size_t r = 0; r < kPrompts.size(); ++r) {
    auto single = alone(model, kPrompts[r], o);
    EXPECT_EQ(batch[r].size(), 30u);
    EXPECT_EQ(batch[r], single) << "row " << r;
    EXPECT_EQ(chunked[r], single) << "row " << r;
  }
}

TEST(Generate, StopsRightAfterEos) {
  auto model = load_model(test::stories_dir());
  auto greedy = test::golden_greedy();
  GenerateOptions o;
  o.max_new_tokens = 60;
  o.eos_ids = {426};  // ".", first produced at step 10
  ASSERT_EQ(std::find(greedy.begin(), greedy.end(), 426) - greedy.begin(), 10);
  auto out = generate(model, {test::golden_prompt()}, o)[0];
  EXPECT_EQ(out, std::vector<int64_t>(greedy.begin(), greedy.begin() + 11));
}

// Rows finish at different steps and leave the batch; the others must not notice.
TEST(Generate, FinishedRowsLeaveTheBatch) {
  auto model = load_model(test::stories_dir());
  GenerateOptions o;
  o.max_new_tokens = 40;
  o.eos_ids = {426};
  auto batch = generate(model, kPrompts, o);
  std::set<size_t> lengths;
  for (size_t r = 0; r < kPrompts.size(); ++r) {
    EXPECT_EQ(batch[r], alone(model, kPrompts[r], o)) << "row " << r;
    EXPECT_TRUE(batch[r].back() == 426 || batch[r].size() == 40u);
    EXPECT_EQ(std::count(batch[r].begin(), batch[r].end(), 426), batch[r].back() == 426 ? 1 : 0);
    lengths.insert(batch[r].size());
  }
  EXPECT_GT(lengths.size(), 1u) << "rows should stop at different steps";
}

// A routed adapter sees a token mask in the prefill only; decode steps must not reuse it.
TEST(Generate, AdaptedModelBatchEqualsEachRowAlone) {
  auto model = load_model(test::stories_dir());
  auto loaded = load_adapter(hycam::shared_path("models/stories260K/golden/adapter_k4_r8.safetensors"), model);
  GenerateOptions o;
  o.max_new_tokens = 20;
  auto batch = generate(model, kPrompts, o);
  for (size_t r = 0; r < kPrompts.size(); ++r) EXPECT_EQ(batch[r], alone(model, kPrompts[r], o)) << "row " << r;
  const auto base = test::golden_greedy();
  EXPECT_NE(batch[0], std::vector<int64_t>(base.begin(), base.begin() + 20)) << "the adapter should change the continuation";
}

TEST(Generate, EosIdsAreTheUnionOfConfigGenerationConfigAndTokenizer) {
  auto stories_cfg = ModelConfig::from_file(test::stories_dir() + "/config.json");
  auto tok = Tokenizer::from_dir(test::stories_dir());
  EXPECT_EQ(eos_ids_for(test::stories_dir(), stories_cfg, tok), (std::vector<int64_t>{2}));

  test::TempDir dir("hycam-eos");
  auto j = read_json_file(test::stories_dir() + "/config.json");
  j["eos_token_id"] = {11, 2};
  auto cfg = ModelConfig::from_json(j, "config.json");
  dir.write("generation_config.json", R"({"bos_token_id": 1, "eos_token_id": [7, 2, 9]})");
  EXPECT_EQ(eos_ids_for(dir.path(), cfg, tok), (std::vector<int64_t>{2, 7, 9, 11}));
  EXPECT_EQ(eos_ids_for(dir.path(), cfg), (std::vector<int64_t>{2, 7, 9, 11}));
  dir.write("generation_config.json", R"({"eos_token_id": 5})");
  EXPECT_EQ(eos_ids_for(dir.path(), cfg, tok), (std::vector<int64_t>{2, 5, 11}));
  dir.write("generation_config.json", R"({"eos_token_id": null})");
  EXPECT_EQ(eos_ids_for(dir.path(), cfg), (std::vector<int64_t>{2, 11}));
  dir.write("generation_config.json", R"({"eos_token_id": "</s>"})");
  try {
    eos_ids_for(dir.path(), cfg);
    ADD_FAILURE() << "a string eos_token_id must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("generation_config.json"), std::string::npos) << e.what();
  }
}

TEST(Generate, RejectsBadPromptsAndOptions) {
  auto model = load_model(test::stories_dir());
  auto message = [&](const std::vector<std::vector<int64_t>>& prompts, const GenerateOptions& o) {
    return test::error_of([&] { generate(model, prompts, o); });
  };
  GenerateOptions o;
  EXPECT_NE(message({{1}, {}}, o).find("prompt 1 is empty"), std::string::npos);
  EXPECT_NE(message({{1, 512}}, o).find("token id 512"), std::string::npos);
  o.max_new_tokens = 600;
  EXPECT_NE(message({{1}}, o).find("max_position_embeddings"), std::string::npos);
  o.max_new_tokens = -1;
  EXPECT_NE(message({{1}}, o).find("max_new_tokens"), std::string::npos);
  o.max_new_tokens = 4;
  o.sampling.temperature = -1;
  EXPECT_NE(message({{1}}, o).find("temperature"), std::string::npos);
  o.max_new_tokens = 0;
  o.sampling.temperature = 0;
  EXPECT_EQ(generate(model, {{1}, {1, 2}}, o), (std::vector<std::vector<int64_t>>{{}, {}}));
}

// Cached, batched, left-padded decoding (with a row leaving early) gives the logits of running
// each sequence from scratch. In float64, so that the check sees the cache logic, not rounding.
void expect_cached_equals_recompute(CausalLM model, const std::vector<std::vector<int64_t>>& prompts) {
  model->to(torch::kFloat64);
  GenerateOptions o;
  o.max_new_tokens = 12;
  auto first = generate(model, prompts, o);
  o.eos_ids = {first[0][2]};  // row 0 stops by step 2, the other rows run on
  std::vector<std::vector<torch::Tensor>> seen(prompts.size());
  GenerateCallbacks cb;
  cb.on_logits = [&](int64_t row, const torch::Tensor& logits) { seen[row].push_back(logits.clone()); };
  auto out = generate_with(model, prompts, o, cb);
  double worst = 0;
  for (size_t r = 0; r < prompts.size(); ++r) {
    ASSERT_EQ(seen[r].size(), out[r].size());
    auto seq = prompts[r];
    for (size_t s = 0; s < out[r].size(); ++s) {
      ASSERT_EQ(seen[r][s].scalar_type(), torch::kFloat64);
      worst = std::max(worst, test::max_abs_diff(seen[r][s], test::recompute_logits(model, seq)));
      seq.push_back(out[r][s]);
    }
  }
  std::cout << model->config().model_type << ": max |cached - recomputed logit| = " << worst << "\n";
  EXPECT_LE(worst, 1e-5);
  EXPECT_LE(out[0].size(), 3u);
}

TEST(Generate, CachedEqualsRecomputeLlama) {
  expect_cached_equals_recompute(load_model(test::stories_dir()), kPrompts);
}

TEST(Generate, CachedEqualsRecomputeQwen2WithBiases) {
  auto model = test::tiny_qwen2(3);
  ASSERT_TRUE(model->config().qkv_bias);
  expect_cached_equals_recompute(model, {test::random_ids(9, 256, 1), test::random_ids(4, 256, 2),
                                         test::random_ids(13, 256, 3)});
}

// Prompts longer than the window of 64, and the decode goes on past it.
TEST(Generate, CachedEqualsRecomputeMistralSlidingWindow) {
  auto cfg = ModelConfig::from_file(hycam::shared_path("configs/mistral-tiny.json"));
  ASSERT_EQ(cfg.windows[0].value_or(0), 64);
  expect_cached_equals_recompute(random_model(cfg, 5), {test::random_ids(70, cfg.vocab, 4),
                                                        test::random_ids(83, cfg.vocab, 5)});
}

}  // namespace
}  // namespace hycam
