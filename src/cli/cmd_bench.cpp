// hycam bench train | generate: benchmarks that print numbers (a JSON line, then a table).
#include <iostream>

#include "adapters/options.h"
#include "cli/adapter_flags.h"
#include "cli/commands.h"
#include "cli/dist_flags.h"
#include "generate/bench_generate.h"
#include "train/bench_train.h"

namespace hycam::cli {
namespace {

void add_train_bench(CLI::App* bench) {
  struct Args {
    TrainBenchOptions opts;
    std::map<std::string, std::string> overrides;
    DistFlags dist;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = bench->add_subcommand("train", "timed training steps on random token ids or on real task data");
  auto* src = cmd->add_option_group("source");
  src->add_option("--config", args->opts.config, "config.json: random weights of that shape");
  src->add_option("--model", args->opts.model_dir, "a Hugging Face model folder");
  src->require_option(1);
  auto* seq = cmd->add_option("--seq", args->opts.seq, "sequence length of the random ids")->capture_default_str();
  cmd->add_option("--data", args->opts.data, "NAME=PATH task file (repeat per task): train on its samples instead")
      ->excludes(seq);
  cmd->add_option("--tokenizer", args->opts.tokenizer_dir, "folder with tokenizer.json for --data (default: --model's)");
  cmd->add_option("--max-len", args->opts.max_len, "--data: tokens per sample at most")->capture_default_str();
  cmd->add_flag("--pad-to-max-len", args->opts.pad_to_max_len, "--data: pad every batch to --max-len (what dynamic padding saves)");
  cmd->add_option("--batch", args->opts.batch, "batch size")->capture_default_str();
  cmd->add_option("--steps", args->opts.steps, "timed steps")->capture_default_str();
  cmd->add_option("--warmup", args->opts.warmup, "untimed steps first")->capture_default_str();
  cmd->add_option("--threads", args->opts.threads, "cores for compute (0: all)")->capture_default_str();
  cmd->add_option("--seed", args->opts.seed, "random seed")->capture_default_str();
  cmd->add_flag("--grad-checkpointing", args->opts.grad_checkpointing, "recompute each block in the backward pass");
  cmd->add_option("--profile", args->opts.profile,
                  "write a Chrome trace of one more step here and print its busiest operators");
  add_adapter_flags(cmd, args->overrides, /*with_method=*/true);
  add_dist_flags(cmd, args->dist);
  cmd->callback([args] {
    for (const auto& [k, v] : args->overrides) args->opts.adapter.set(k, v);
    run_data_parallel(args->dist, [&](Communicator& comm) {
      args->opts.threads = threads_per_rank(args->opts.threads, comm.env());
      auto r = run_train_bench(args->opts, comm);
      if (comm.is_main()) std::cout << r.json.dump() << "\n" << r.table;
    });
  });
}

void add_generate_bench(CLI::App* bench) {
  auto o = std::make_shared<GenerateBenchOptions>();
  auto* cmd = bench->add_subcommand("generate", "prefill and decode tokens/s next to the memory-bandwidth bound");
  auto* src = cmd->add_option_group("source");
  src->add_option("--config", o->config, "config.json: random weights of that shape");
  src->add_option("--model", o->model_dir, "a Hugging Face model folder");
  src->require_option(1);
  cmd->add_option("--prompt-tokens", o->prompt_tokens, "prefill length")->capture_default_str();
  cmd->add_option("--new-tokens", o->new_tokens, "decoded tokens")->capture_default_str();
  cmd->add_option("--batch", o->batch, "rows decoded together")->capture_default_str();
  cmd->add_option("--repeats", o->repeats, "best of this many runs")->capture_default_str();
  cmd->add_option("--threads", o->threads, "cores for compute (0: all)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "random seed")->capture_default_str();
  cmd->callback([o] {
    auto r = run_generate_bench(*o);
    std::cout << r.json.dump() << "\n" << r.table;
  });
}

CommandRegistration reg(70, [](CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "benchmarks: train, generate");
  bench->require_subcommand(1);
  add_train_bench(bench);
  add_generate_bench(bench);
});

}  // namespace
}  // namespace hycam::cli
