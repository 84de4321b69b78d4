// hycam train: fine-tune a model on several tasks at once with one method.
#include <iostream>

#include "adapters/adapter.h"
#include "cli/adapter_flags.h"
#include "cli/commands.h"
#include "cli/dist_flags.h"
#include "cli/train_flags.h"
#include "model/compute_threads.h"
#include "model/loader.h"
#include "train/inputs.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam::cli {
namespace {

struct Args {
  TrainOptions opts;
  std::map<std::string, std::string> adapter_flags;
  std::string resume;
  DistFlags dist;
};

void print_summary(const TrainOptions& o, const TrainSummary& s) {
  std::cout << "trained " << s.steps << " steps in " << s.seconds << " s (" << static_cast<int64_t>(s.tokens_per_second)
            << " real tokens/s); final lm loss " << s.final_lm_loss << "\n";
  for (size_t t = 0; t < s.last_eval.size(); ++t) {
    const auto& last = s.last_eval[t];
    std::cout << "  " << last.task << ": eval loss " << last.loss();
    if (t < s.first_eval.size()) std::cout << " (before training " << s.first_eval[t].loss() << ")";
    std::cout << ", ppl " << last.perplexity() << "\n";
  }
  std::cout << "run directory: " << o.out << " (adapter.safetensors, metrics.jsonl, loss.svg, run_config.json)\n";
}

void check_ranks(const TrainOptions& o, const Communicator& comm) {
  if (o.batch < comm.size())
    throw Error("--batch " + std::to_string(o.batch) + " is the micro-batch of the whole job and is split among the " +
                std::to_string(comm.size()) + " ranks: give at least one sample per rank");
}

// One rank's run (the only one without data parallelism). Rank 0 alone writes the run directory.
void train(Args& a, Communicator& comm) {
  const bool resume = !a.resume.empty();
  if (resume) {
    a.opts = TrainOptions::from_json(read_json_file(a.resume + "/run_config.json"), a.resume + "/run_config.json");
    a.opts.out = a.resume;
  } else {
    for (const auto& [k, v] : a.adapter_flags) a.opts.adapter.set(k, v);
  }
  a.opts.validate();
  check_ranks(a.opts, comm);
  const int cores = set_compute_threads(threads_per_rank(a.opts.threads, comm.env()));
  if (comm.is_main()) prepare_run_dir(a.opts, resume);
  std::ostream dropped(nullptr);
  std::ostream& log = comm.is_main() ? std::cerr : dropped;
  if (comm.size() > 1)
    log << "data parallel: " << comm.size() << " ranks (" << comm.env().local_world_size << " on this machine) x "
        << cores << " cores each\n";
  auto tokenizer = Tokenizer::from_dir(a.opts.model_dir);
  auto inputs = tokenize_inputs(load_task_examples(a.opts), a.opts, tokenizer, log);
  Adapter adapter = Adapter::attach(load_model(a.opts.model_dir), a.opts.adapter, a.opts.seed);
  log << a.opts.adapter.describe() << "\n" << adapter.parameter_summary() << "\n";
  Trainer trainer(a.opts, adapter, inputs, log, comm);
  auto summary = trainer.run(resume);
  if (summary.interrupted || !comm.is_main()) return;
  print_summary(a.opts, summary);
}

CommandRegistration reg(30, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("train", "fine-tune on several tasks at once (hycam, cam, lora, molora, full)");
  add_train_flags(cmd, args->opts);
  add_adapter_flags(cmd, args->adapter_flags, /*with_method=*/true);
  // --resume takes every setting from the run's own run_config.json.
  cmd->add_option("--resume", args->resume, "continue the run in DIR from its last checkpoint (other flags ignored)");
  add_dist_flags(cmd, args->dist);
  cmd->callback([args] { run_data_parallel(args->dist, [&](Communicator& comm) { train(*args, comm); }); });
});

}  // namespace
}  // namespace hycam::cli
