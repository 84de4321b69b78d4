// `hycam compare`: trains each method on the same data, seed and budget, evaluates each on the
// same held-out split, and writes one table (compare.md / compare.json / compare.svg). A method
// may carry its own options ("hycam:placement=residual", "lora:rank=16:lr=1e-2"), so ablations sit
// in the same table.
#pragma once
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "train/options.h"

namespace hycam {

struct MethodSpec {
  std::string label;                                  // as written: "hycam:experts=8"
  std::vector<std::pair<std::string, std::string>> options;  // adapter options and "lr"
};

// "hycam,hycam:experts=8:rank=4,lora:lr=1e-2" -> specs; errors name the bad part.
std::vector<MethodSpec> parse_method_specs(const std::string& text);

struct CompareOptions {
  TrainOptions train;            // shared budget; train.out is the compare directory
  std::vector<MethodSpec> methods;
  int64_t seeds = 1;
  int64_t gen_samples = 50;      // per task, for BLEU/ROUGE
  EvalOptions eval;
  bool include_base = true;      // a row for the untrained base model
};

struct MethodResult {
  std::string label, settings;
  int64_t trainable = 0, total = 0;
  std::vector<EvalReport> runs;   // one per seed
  std::vector<double> train_seconds, tokens_per_second;
  std::vector<std::string> run_dirs;
};

struct CompareResult {
  std::vector<std::string> tasks;
  std::vector<MethodResult> methods;
  // Mean relative improvement of the first hycam row over the best other method, over tasks and
  // metrics (PPL lower is better; BLEU-4, ROUGE-L higher). NaN when there is no hycam row.
  double hycam_improvement = 0;
  std::vector<std::pair<std::string, double>> hycam_improvement_by_metric;  // same, per metric
  std::string markdown;
};

// "HyCAM vs the best other method ...: X% (PPL a%, BLEU-4 b%, ROUGE-L c%)", or "" without hycam.
std::string improvement_text(const CompareResult& r);

CompareResult run_compare(const CompareOptions& opts, std::ostream& log);

}  // namespace hycam
