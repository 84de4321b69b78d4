// hycam eval: perplexity, BLEU-4 and ROUGE per task, for a base model or a trained adapter.
#include <filesystem>
#include <iostream>

#include "adapters/adapter_file.h"
#include "cli/adapter_flags.h"
#include "cli/commands.h"
#include "eval/eval_set.h"
#include "eval/evaluator.h"
#include "eval/routing_analysis.h"
#include "generate/generate.h"
#include "model/loader.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam::cli {
namespace {
namespace fs = std::filesystem;

struct Args {
  std::string model, adapter, out, split = "eval";
  std::vector<std::string> data;
  int64_t gen_samples = -1;
  EvalOptions eval;
  std::map<std::string, std::string> adapter_flags;
};

// The data settings: the adapter run's own (so "eval" is exactly its held-out part), else defaults.
TrainOptions data_options(const Args& a) {
  TrainOptions o;
  const auto run_config = a.adapter.empty() || !fs::is_directory(a.adapter) ? std::string()
                                                                            : a.adapter + "/run_config.json";
  if (!run_config.empty() && fs::exists(run_config)) {
    o = TrainOptions::from_json(read_json_file(run_config), run_config);
    std::cerr << "using the data split of " << run_config << "\n";
  }
  if (!a.data.empty()) o.data = a.data;
  o.model_dir = a.model;
  if (o.data.empty()) throw Error("--data NAME=PATH is required (or --adapter RUN_DIR of a training run)");
  return o;
}

void run(Args& a) {
  if (a.out.empty()) throw Error("--out DIR is required");
  auto model = load_model(a.model);
  auto tokenizer = Tokenizer::from_dir(a.model);
  Adapter adapter;
  if (!a.adapter.empty()) {
    auto loaded = load_adapter(a.adapter, model, a.adapter_flags);
    for (const auto& w : loaded.warnings) std::cerr << "warning: " << w << "\n";
    adapter = loaded.adapter;
    std::cerr << "adapter: " << adapter.options().describe() << "\n";
  }
  const auto opts = data_options(a);
  auto set = make_eval_set(load_task_examples(opts), a.split, opts, tokenizer, a.gen_samples);
  a.eval.eos_ids = eos_ids_for(a.model, model->config(), tokenizer);
  fs::create_directories(a.out);
  auto report = evaluate(model, tokenizer, set, a.eval, a.out);
  if (!a.adapter.empty() && adapter.options().method == "hycam")
    write_routing_report(routing_shares(adapter, set.samples, set.tasks, a.eval.batch, std::max(0, tokenizer.pad_id())),
                         a.out);
  std::cout << report.markdown() << "\nwritten: " << a.out << "/report.json, report.md, predictions.jsonl\n";
}

CommandRegistration reg(40, [](CLI::App& app) {
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("eval", "perplexity, BLEU-4 and ROUGE-1/2/L per task");
  cmd->add_option("--model", a->model, "Hugging Face model folder")->required();
  cmd->add_option("--adapter", a->adapter, "adapter .safetensors or a training run directory");
  cmd->add_option("--data", a->data, "a task: NAME=PATH (default: the adapter run's tasks)");
  cmd->add_option("--split", a->split, "eval | test | train | all")->capture_default_str();
  cmd->add_option("--out", a->out, "output directory")->required();
  cmd->add_option("--max-new-tokens", a->eval.max_new_tokens, "generated tokens per prompt")->capture_default_str();
  cmd->add_option("--gen-samples", a->gen_samples, "prompts per task to generate for (-1: all)")->capture_default_str();
  cmd->add_option("--batch", a->eval.batch, "batch size")->capture_default_str();
  cmd->add_flag("--rouge-stem", a->eval.rouge_stem, "Porter-stem tokens for ROUGE");
  cmd->add_flag("--no-generate", [a](int64_t) { a->eval.generate = false; }, "perplexity only");
  add_adapter_flags(cmd, a->adapter_flags, /*with_method=*/false);
  cmd->callback([a] { run(*a); });
});

}  // namespace
}  // namespace hycam::cli
