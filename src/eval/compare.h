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

struct RelativeImprovement {
  double overall = 0;                                   // NaN when no baseline is comparable
  std::vector<std::pair<std::string, double>> by_metric;  // metric name -> mean over tasks
};

struct HycamImprovement {
  std::string label;              // the hycam row
  RelativeImprovement vs_others;  // every other trained method
  RelativeImprovement vs_peft;    // the parameter-efficient ones (all but full fine-tuning)
};

struct CompareResult {
  std::vector<std::string> tasks;
  std::vector<MethodResult> methods;
  // Mean relative improvement of each hycam row over the best method of a set of baselines, over
  // tasks and metrics (PPL lower is better; BLEU-4, ROUGE-L higher), as the paper reports it.
  std::vector<HycamImprovement> hycam_improvements;
  std::string markdown;
};

// The improvements of every hycam row of `r` (its methods evaluated).
std::vector<HycamImprovement> hycam_improvements(const CompareResult& r);

// One line per hycam row: "hycam vs the best other method: X% (PPL a%, ...); vs the best
// parameter-efficient one: Y% (...)"; "" without hycam rows.
std::string improvement_text(const CompareResult& r);

CompareResult run_compare(const CompareOptions& opts, std::ostream& log);

}  // namespace hycam
