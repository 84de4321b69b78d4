// Evaluation: corpus-level perplexity independent of batching, per-task routing shares equal to a
// direct count, and the report files.
#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/adapter_file.h"
#include "eval/compare.h"
#include "eval/evaluator.h"
#include "eval/routing_analysis.h"
#include "golden.h"
#include "model/loader.h"
#include "train/eval_loss.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace {

std::vector<data::Sample> samples_of_two_tasks() {
  std::vector<data::Sample> out;
  const std::vector<std::vector<int32_t>> ids = {{1, 403, 407, 261, 378, 432}, {1, 286, 261, 376},
                                                 {1, 298, 315, 421, 395, 317, 426, 338}, {1, 397, 355},
                                                 {1, 267, 337, 335, 311, 267, 422}};
  for (size_t i = 0; i < ids.size(); ++i) {
    data::Sample s;
    s.task = static_cast<int32_t>(i % 2);
    s.ids = ids[i];
    s.is_target.assign(s.ids.size(), 1);
    s.is_target[0] = 0;
    out.push_back(s);
  }
  return out;
}

Adapter golden_adapter() {
  return load_adapter(test::stories_dir() + "/golden/adapter_k4_r8.safetensors", load_model(test::stories_dir()))
      .adapter;
}

TEST(EvalLoss, SameForAnyBatchSize) {
  auto model = load_model(test::stories_dir());
  auto samples = samples_of_two_tasks();
  auto one = evaluate_loss(model, samples, {"a", "b"}, 1, 0);
  auto four = evaluate_loss(model, samples, {"a", "b"}, 4, 0);
  for (size_t t = 0; t < 2; ++t) {
    EXPECT_EQ(one[t].tokens, four[t].tokens);
    EXPECT_NEAR(one[t].nll_sum, four[t].nll_sum, 1e-4);
    EXPECT_NEAR(one[t].perplexity(), four[t].perplexity(), 1e-5 * one[t].perplexity());
  }
  EXPECT_EQ(one[0].tokens, 5 + 7 + 6);  // every token after BOS of samples 0, 2, 4
}

// routing_shares per task equals counting the argmax experts of each task's samples run alone.
TEST(Routing, SharesEqualDirectCountsPerTask) {
  auto adapter = golden_adapter();
  auto samples = samples_of_two_tasks();
  auto shares = routing_shares(adapter, samples, {"a", "b"}, 3, 0);
  torch::NoGradGuard no_grad;
  for (int32_t t = 0; t < 2; ++t) {
    auto counts = torch::zeros({5, 4}, torch::kFloat64);
    for (const auto& s : samples) {
      if (s.task != t) continue;
      ForwardContext ctx;
      adapter.model()->forward({torch::tensor(std::vector<int64_t>(s.ids.begin(), s.ids.end())).unsqueeze(0)}, ctx);
      for (const auto& r : ctx.routing) counts[r.layer] += torch::bincount(r.gates.argmax(-1), {}, 4).to(torch::kFloat64);
    }
    counts = counts / counts.sum(1, true);
    for (int64_t l = 0; l < 5; ++l)
      for (int64_t k = 0; k < 4; ++k) EXPECT_NEAR(shares.shares[t][l][k], counts[l][k].item<double>(), 1e-12);
  }
  EXPECT_NE(shares.shares[0], shares.shares[1]);  // the two tasks' tokens route differently
}

TEST(Compare, MethodSpecsParseOptionsAndRejectBadOnes) {
  auto specs = parse_method_specs("hycam,hycam:placement=residual:experts=8,lora:lr=1e-2");
  ASSERT_EQ(specs.size(), 3u);
  EXPECT_EQ(specs[1].label, "hycam:placement=residual:experts=8");
  EXPECT_EQ(specs[1].options.size(), 3u);  // method, placement, experts
  EXPECT_EQ(specs[2].options.back(), (std::pair<std::string, std::string>{"lr", "1e-2"}));
  EXPECT_THROW(parse_method_specs("hycam:experts"), Error);
  EXPECT_THROW(parse_method_specs("hycam:colour=blue"), Error);
  EXPECT_THROW(parse_method_specs("dora"), Error);
}

MethodResult method_with(const std::string& label, double ppl, double bleu, double rouge_l) {
  MethodResult m;
  m.label = label;
  EvalReport run;
  TaskReport t;
  t.ppl = ppl, t.bleu = bleu, t.rougeL = rouge_l;
  run.tasks = {t};
  m.runs = {run};
  return m;
}

// Worked by hand: PPL 8 vs best 10 (full) = +20%, vs best PEFT 12 = +33.3%; BLEU 0.2 vs 0.25
// = -20%, vs 0.1 = +100%; ROUGE-L 0.3 vs 0.3 = 0%, vs 0.2 = +50%.
TEST(Compare, RelativeImprovementOverTheBestBaseline) {
  CompareResult r;
  r.tasks = {"t"};
  r.methods = {method_with("base", 50, 0, 0.05), method_with("hycam", 8, 0.2, 0.3),
               method_with("lora", 12, 0.1, 0.2), method_with("full:lr=1e-3", 10, 0.25, 0.3)};
  auto imp = hycam_improvements(r);
  ASSERT_EQ(imp.size(), 1u);
  EXPECT_NEAR(imp[0].vs_others.by_metric[0].second, 0.2, 1e-12);
  EXPECT_NEAR(imp[0].vs_others.by_metric[1].second, -0.2, 1e-12);
  EXPECT_NEAR(imp[0].vs_others.by_metric[2].second, 0.0, 1e-12);
  EXPECT_NEAR(imp[0].vs_others.overall, 0.0, 1e-12);
  EXPECT_NEAR(imp[0].vs_peft.overall, (1.0 / 3 + 1.0 + 0.5) / 3, 1e-12);
  r.hycam_improvements = imp;
  EXPECT_NE(improvement_text(r).find("hycam vs the best other method, mean relative improvement over tasks and metrics: 0.00%"),
            std::string::npos) << improvement_text(r);
}

TEST(Evaluator, WritesReportsWithMetricsPerExample) {
  auto model = load_model(test::stories_dir());
  auto tok = Tokenizer::from_dir(test::stories_dir());
  EvalSet set;
  set.tasks = {"a", "b"};
  set.samples = samples_of_two_tasks();
  for (int32_t t = 0; t < 2; ++t) {
    EvalPrompt p;
    p.task = t;
    p.prompt = "Once upon a time";
    auto ids = tok.encode(p.prompt);
    p.prompt_ids.assign(ids.begin(), ids.end());
    p.reference = t == 0 ? "there was a little girl named Lily" : "completely different words";
    set.prompts.push_back(p);
  }
  EvalOptions o;
  o.max_new_tokens = 12;
  o.eos_ids = {2};
  const auto dir = std::filesystem::temp_directory_path() / "hycam_test_eval";
  std::filesystem::create_directories(dir);
  auto report = evaluate(model, tok, set, o, dir.string());
  // Greedy continues with ", there was a little girl named Lily": high ROUGE for task a only.
  EXPECT_GT(report.tasks[0].rougeL, 0.5);
  EXPECT_EQ(report.tasks[1].rougeL, 0.0);
  auto lines = read_json_lines((dir / "predictions.jsonl").string());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["task"], "a");
  EXPECT_NEAR(lines[0]["rougeL"].get<double>(), report.tasks[0].rougeL, 1e-12);
  auto json = read_json_file((dir / "report.json").string());
  EXPECT_NEAR(json["mean"]["rougeL"].get<double>(), (report.tasks[0].rougeL + report.tasks[1].rougeL) / 2, 1e-12);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hycam
