#include "cli/train_flags.h"

namespace hycam::cli {

void add_train_flags(CLI::App* cmd, TrainOptions& o) {
  cmd->add_option("--model", o.model_dir, "Hugging Face model folder");
  cmd->add_option("--data", o.data, "a task: NAME=PATH or PATH (Alpaca JSON or JSONL); repeat per task")
      ->group("Data");
  cmd->add_option("--eval-data", o.eval_data, "separate eval file for a task: NAME=PATH")->group("Data");
  cmd->add_option("--eval-fraction", o.eval_fraction, "held-out share per task")->capture_default_str()->group("Data");
  cmd->add_option("--test-fraction", o.test_fraction, "test share per task")->capture_default_str()->group("Data");
  cmd->add_option("--max-samples", o.max_samples, "cap per task (-1: all)")->capture_default_str()->group("Data");
  cmd->add_option("--max-len", o.max_len, "tokens per sample (longer ones are truncated, never dropped)")
      ->capture_default_str()->group("Data");
  cmd->add_option("--template", o.template_name, "prompt template: alpaca | plain")->capture_default_str()->group("Data");
  cmd->add_flag("--loss-on-prompt", o.loss_on_prompt, "train on prompt tokens too (the official code)")->group("Data");
  cmd->add_option("--batch", o.batch, "micro-batch size (of the whole job: data-parallel ranks split it)")->capture_default_str()->group("Training");
  cmd->add_option("--grad-accum", o.grad_accum, "micro-batches per optimizer step")->capture_default_str()->group("Training");
  cmd->add_option("--lr", o.lr, "peak learning rate")->capture_default_str()->group("Training");
  cmd->add_option("--warmup-ratio", o.warmup_ratio, "share of steps of linear warmup")->capture_default_str()->group("Training");
  cmd->add_option("--weight-decay", o.weight_decay, "AdamW weight decay on matrices")->capture_default_str()->group("Training");
  cmd->add_option("--clip", o.clip, "gradient norm clipping")->capture_default_str()->group("Training");
  cmd->add_option("--epochs", o.epochs, "passes over the training data")->capture_default_str()->group("Training");
  cmd->add_option("--steps", o.steps, "optimizer steps (overrides --epochs)")->capture_default_str()->group("Training");
  cmd->add_option("--eval-every", o.eval_every, "steps between evaluations (0: start and end)")
      ->capture_default_str()->group("Training");
  cmd->add_option("--eval-max-samples", o.eval_max_samples, "eval samples per task for periodic evaluation (-1: all)")
      ->capture_default_str()->group("Training");
  cmd->add_option("--save-every", o.save_every, "steps between checkpoints (0: at the end)")
      ->capture_default_str()->group("Training");
  cmd->add_option("--stop-after", o.stop_after, "stop with a checkpoint after this step, as if interrupted")
      ->group("Training");
  cmd->add_option("--seed", o.seed, "seed of splits, order, initialisation and routing noise")
      ->capture_default_str()->group("Training");
  cmd->add_option("--threads", o.threads, "cores for compute (0: all)")->capture_default_str()->group("Training");
  cmd->add_flag("--grad-checkpointing", o.grad_checkpointing, "recompute each block in the backward pass")
      ->group("Training");
  cmd->add_flag("--pad-to-max-len", o.pad_to_max_len,
                "pad every batch to --max-len instead of its longest sample (to measure what dynamic padding saves)")
      ->group("Training");
  cmd->add_option("--out", o.out, "run directory");
  cmd->add_flag("--overwrite", o.overwrite, "replace an existing run directory");
}

}  // namespace hycam::cli
