// hycam compare: train and evaluate several methods on the same data, seed and budget.
#include <iostream>

#include "cli/adapter_flags.h"
#include "cli/commands.h"
#include "cli/train_flags.h"
#include "eval/compare.h"
#include "model/compute_threads.h"
#include "train/inputs.h"
#include "util/error.h"

namespace hycam::cli {
namespace {

struct Args {
  CompareOptions opts;
  std::string methods = "hycam,cam,lora,molora,full";
  std::map<std::string, std::string> adapter_flags;
};

void run(Args& a) {
  a.opts.methods = parse_method_specs(a.methods);
  for (const auto& [k, v] : a.adapter_flags) a.opts.train.adapter.set(k, v);
  a.opts.train.validate();
  set_compute_threads(static_cast<int>(a.opts.train.threads));
  prepare_run_dir(a.opts.train, /*resume=*/false);
  auto result = run_compare(a.opts, std::cerr);
  std::cout << "\n" << result.markdown;
  std::cout << "\n" << improvement_text(result);
  const auto& d = a.opts.train.out;
  std::cout << "\nwritten: " << d << "/compare.md, " << d << "/compare.json, " << d << "/compare.svg; runs in "
            << d << "/<method>/ (adapter, metrics.jsonl, loss.svg, report.md, routing.svg for hycam)\n";
}

CommandRegistration reg(50, [](CLI::App& app) {
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("compare", "train and evaluate several methods on the same data and budget");
  add_train_flags(cmd, a->opts.train);
  cmd->add_option("--methods", a->methods, "comma list; options per method with ':', e.g. hycam:experts=8,lora:lr=1e-2")
      ->capture_default_str();
  cmd->add_option("--seeds", a->opts.seeds, "repeat with this many seeds (mean and spread)")->capture_default_str();
  cmd->add_option("--gen-samples", a->opts.gen_samples, "eval prompts per task to generate for")->capture_default_str();
  cmd->add_option("--max-new-tokens", a->opts.eval.max_new_tokens, "generated tokens per prompt")->capture_default_str();
  cmd->add_flag("--rouge-stem", a->opts.eval.rouge_stem, "Porter-stem tokens for ROUGE");
  cmd->add_option("--balance", [a](const std::vector<std::string>& v) {
    a->adapter_flags["balance"] = v.front();
    return true;
  }, "balance-loss coefficient for routed methods (default 0.01)");
  cmd->callback([a] { run(*a); });
});

}  // namespace
}  // namespace hycam::cli
