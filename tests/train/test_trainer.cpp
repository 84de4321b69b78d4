// Trainer semantics: losses count real tokens only, gradient accumulation equals one big batch,
// a resumed run equals a straight one, the same seed gives the same curve, NaN stops the run.
#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/adapter.h"
#include "golden.h"
#include "io/safetensors.h"
#include "model/loader.h"
#include "train/inputs.h"
#include "train/loss.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace {
namespace fs = std::filesystem;

data::Sample sample(std::vector<int32_t> ids, size_t prompt_len, int32_t task = 0) {
  data::Sample s;
  s.task = task;
  s.ids = std::move(ids);
  s.is_target.assign(s.ids.size(), 0);
  for (size_t t = prompt_len; t < s.ids.size(); ++t) s.is_target[t] = 1;
  return s;
}

const data::Sample kShort = sample({1, 403, 407, 261, 378, 432, 383}, 3);
const data::Sample kLong = sample({1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315}, 4);

// In float64, so that comparisons see the semantics rather than float32 summation order.
Adapter fresh(const std::string& method, uint64_t seed = 3) {
  AdapterOptions o;
  o.method = method;
  auto a = Adapter::attach(load_model(test::stories_dir()), o, seed);
  a.model()->to(torch::kFloat64);
  torch::NoGradGuard no_grad;  // move away from identity so every path carries gradient
  for (auto& p : a.parameters()) p.add_(torch::randn(p.sizes(), p.options()) * 0.05);
  return a;
}

std::vector<torch::Tensor> grads(const Adapter& a) {
  std::vector<torch::Tensor> out;
  for (auto& p : a.parameters()) out.push_back(p.grad().clone());
  return out;
}

// Extra padding columns (mask 0, target -100) change neither the LM loss nor the balance loss.
TEST(Trainer, PaddingChangesNeitherLoss) {
  auto a = fresh("hycam");
  a.model()->eval();  // argmax routing: no noise, so both forwards route identically
  auto b = data::collate({&kShort, &kLong}, 0);
  auto padded = b;
  padded.ids = torch::cat({b.ids, torch::zeros({2, 5}, torch::kInt64)}, 1);
  padded.attention_mask = torch::cat({b.attention_mask, torch::zeros({2, 5}, torch::kInt64)}, 1);
  padded.targets = torch::cat({b.targets, torch::full({2, 5}, -100, torch::kInt64)}, 1);
  torch::NoGradGuard no_grad;
  ForwardContext c1, c2;
  auto l1 = nll_sum(a.model()->forward({b.ids, b.attention_mask}, c1), b.targets);
  auto l2 = nll_sum(a.model()->forward({padded.ids, padded.attention_mask}, c2), padded.targets);
  EXPECT_NEAR(l1.item<double>(), l2.item<double>(), 1e-5);
  EXPECT_NEAR(a.balance_loss(c1).item<double>(), a.balance_loss(c2).item<double>(), 1e-6);
  EXPECT_EQ(b.target_tokens, padded.target_tokens);
}

// Accumulating two micro-batches of one equals one batch of two: same loss, same gradients.
TEST(Trainer, AccumulationEqualsBigBatch) {
  for (const char* method : {"lora", "cam"}) {
    auto a = fresh(method);
    a.model()->train();
    auto big = forward_backward(a, {data::collate({&kShort, &kLong}, 0)});
    auto g_big = grads(a);
    for (auto& p : a.parameters()) p.mutable_grad().zero_();
    auto acc = forward_backward(a, {data::collate({&kShort}, 0), data::collate({&kLong}, 0)});
    auto g_acc = grads(a);
    EXPECT_NEAR(big.lm_loss, acc.lm_loss, 1e-6) << method;
    EXPECT_EQ(big.target_tokens, acc.target_tokens);
    for (size_t i = 0; i < g_big.size(); ++i)
      EXPECT_LE(test::max_abs_diff(g_big[i], g_acc[i]), 1e-6) << method << " tensor " << i;
  }
}

// Recomputing each block in the backward pass gives the same loss and gradients: for hycam the
// same Gumbel noise is drawn again and the balance loss's gradient reaches the router.
TEST(Trainer, GradCheckpointingGivesTheSameGradients) {
  for (const char* method : {"hycam", "molora", "lora", "full"}) {
    auto a = fresh(method);
    a.model()->train();
    const std::vector<data::Batch> micro = {data::collate({&kShort, &kLong}, 0)};
    torch::manual_seed(11);
    auto plain = forward_backward(a, micro, /*grad_checkpointing=*/false);
    auto g_plain = grads(a);
    for (auto& p : a.parameters()) p.mutable_grad().zero_();
    torch::manual_seed(11);
    auto recomputed = forward_backward(a, micro, /*grad_checkpointing=*/true);
    auto g_rec = grads(a);
    EXPECT_NEAR(plain.lm_loss, recomputed.lm_loss, 1e-10) << method;
    EXPECT_NEAR(plain.balance_loss, recomputed.balance_loss, 1e-10) << method;
    double total = 0;
    for (size_t i = 0; i < g_plain.size(); ++i) {
      EXPECT_LE(test::max_abs_diff(g_plain[i], g_rec[i]), 1e-9) << method << " tensor " << i;
      total += g_rec[i].abs().sum().item<double>();
    }
    EXPECT_GT(total, 0) << method;
  }
}

TrainOptions tiny_run(const std::string& out) {
  TrainOptions o;
  o.model_dir = test::stories_dir();
  o.data = {"dolly=" + shared_path("data/dolly_2k.json"), "code=" + shared_path("data/code_alpaca_2k.json")};
  o.max_samples = 30;
  o.max_len = 96;
  o.batch = 2;
  o.grad_accum = 1;
  o.lr = 5e-3;
  o.steps = 20;
  o.eval_max_samples = 4;
  o.out = out;
  o.overwrite = true;
  return o;
}

std::vector<double> train_losses(const std::string& dir) {
  std::vector<double> out;
  for (const auto& r : read_json_lines(dir + "/metrics.jsonl"))
    if (r["type"] == "train") out.push_back(r["lm_loss"]);
  return out;
}

TrainSummary train(TrainOptions o, bool resume) {
  prepare_run_dir(o, resume);
  auto tok = Tokenizer::from_dir(o.model_dir);
  std::ostringstream log;
  auto inputs = tokenize_inputs(load_task_examples(o), o, tok, log);
  Trainer t(o, Adapter::attach(load_model(o.model_dir), o.adapter, o.seed), inputs, log);
  return t.run(resume);
}

// 20 steps straight == 10 steps, stop, resume 10 more: same adapter (hycam: Gumbel noise too).
TEST(Trainer, ResumeContinuesExactly) {
  const auto root = fs::temp_directory_path() / "hycam_test_resume";
  auto straight = tiny_run((root / "straight").string());
  train(straight, false);
  auto split = tiny_run((root / "split").string());
  split.stop_after = 10;
  EXPECT_TRUE(train(split, false).interrupted);
  split.stop_after = 0;
  EXPECT_FALSE(train(split, true).interrupted);
  EXPECT_EQ(train_losses(straight.out), train_losses(split.out));
  io::SafetensorsFile a(straight.out + "/adapter.safetensors"), b(split.out + "/adapter.safetensors");
  for (const auto& name : a.names()) {
    const auto& va = a.tensor(name);
    const auto& vb = b.tensor(name);
    auto ta = torch::from_blob(const_cast<uint8_t*>(va.data), va.shape, torch::kFloat32);
    auto tb = torch::from_blob(const_cast<uint8_t*>(vb.data), vb.shape, torch::kFloat32);
    ASSERT_LE(test::max_abs_diff(ta, tb), 1e-6) << name;
  }
  // The same seed twice gives the same loss curve; the curve goes down.
  auto again = tiny_run((root / "again").string());
  train(again, false);
  auto l = train_losses(again.out);
  EXPECT_EQ(l, train_losses(straight.out));
  EXPECT_LT(l.back(), l.front());
  fs::remove_all(root);
}

TEST(Trainer, RefusesNonEmptyRunDirectory) {
  const auto dir = fs::temp_directory_path() / "hycam_test_nonempty";
  fs::create_directories(dir);
  std::ofstream(dir / "keep.txt") << "user data";
  auto o = tiny_run(dir.string());
  o.overwrite = false;
  try {
    prepare_run_dir(o, false);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not empty"), std::string::npos) << e.what();
  }
  o.overwrite = true;  // still refused: not a hycam run directory
  EXPECT_THROW(prepare_run_dir(o, false), Error);
  EXPECT_TRUE(fs::exists(dir / "keep.txt"));
  fs::remove_all(dir);
}

TEST(Trainer, NonFiniteLossStopsWithMessage) {
  auto o = tiny_run((fs::temp_directory_path() / "hycam_test_nan").string());
  o.adapter.method = "lora";
  o.lr = 1e30;
  o.warmup_ratio = 0;
  try {
    train(o, false);
    FAIL() << "expected the run to stop";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the loss became"), std::string::npos) << e.what();
  }
  fs::remove_all(o.out);
}

}  // namespace
}  // namespace hycam
