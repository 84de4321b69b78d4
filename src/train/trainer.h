// The training loop, every step visible (as llm.c's):
//   for each optimizer step:
//     lr from the schedule (linear warmup, cosine decay)
//     for each of grad_accum micro-batches (length-grouped, all tasks mixed, seeded order):
//       forward; LM loss = NLL sum / real target tokens of the whole accumulated batch;
//       + balance coefficient * balance loss (routed methods), weighted by the micro-batch's tokens;
//       backward
//     clip the gradient norm; AdamW step (weight decay on matrices only)
//     log a metrics.jsonl line; evaluate every eval_every steps; checkpoint every save_every steps
// SIGINT/SIGTERM finish the current step, checkpoint and return; a NaN/inf loss stops the run with
// the last good checkpoint kept.
// Data parallel (a Communicator of several ranks, train/data_parallel.h): each rank computes its
// share of every micro-batch; gradients, losses, the stop decision and evaluation sums are reduced
// so that the run equals a single process's; rank 0 alone writes metrics, checkpoints and outputs.
#pragma once
#include <torch/torch.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.h"
#include "data/batching.h"
#include "distributed/communicator.h"
#include "train/checkpoint.h"
#include "train/eval_loss.h"
#include "train/data_parallel.h"
#include "train/options.h"

namespace hycam {

struct TrainInputs {
  std::vector<data::Sample> train, eval;
  std::vector<std::string> tasks;
  int32_t pad_id = 0;
};

// The loss of one optimizer step and its backward pass over `micro` batches: LM loss = total NLL
// over total target tokens of all micro-batches; each micro-batch's balance loss weighted by its
// share of the real tokens. Gradients accumulate into the adapter's parameters. With
// `grad_checkpointing` each block is recomputed in the backward pass (model/recompute.h).
struct StepLosses {
  double lm_loss = 0, balance_loss = 0;
  int64_t real_tokens = 0, target_tokens = 0;
};
// With several ranks: this rank's shares, losses as parts of the global ones (lm_loss is this
// rank's part of the sum; balance_loss, token counts are global); gradients not yet reduced. With
// `grad_checkpointing` each block is recomputed in the backward pass (model/recompute.h).
StepLosses forward_backward(Adapter& adapter, const std::vector<MicroBatch>& micro, Communicator& comm,
                            bool grad_checkpointing = false);
StepLosses forward_backward(Adapter& adapter, const std::vector<data::Batch>& micro,
                            bool grad_checkpointing = false);

struct TrainSummary {
  int64_t steps = 0;
  double seconds = 0;
  double tokens_per_second = 0;  // real (non-pad) tokens
  double final_lm_loss = 0;
  std::vector<TaskLoss> first_eval, last_eval;  // first_eval: before training (= base model)
  bool interrupted = false;
};

class Trainer {
 public:
  // `log` takes progress and messages (give the ranks other than 0 a stream that drops them).
  Trainer(TrainOptions opts, Adapter adapter, TrainInputs inputs, std::ostream& log = std::cerr,
          Communicator comm = {});
  // Trains to the end (or to stop_after / a signal). With `resume`, continues from out/checkpoint.
  TrainSummary run(bool resume);
  int64_t total_steps() const { return total_steps_; }

 private:
  struct StepResult : StepLosses {
    double grad_norm = 0;
    double all_reduce_seconds = 0;  // gradient all-reduce (data parallel)
  };
  StepResult train_step(int64_t step);
  std::vector<std::vector<int64_t>> next_micro_batches();
  std::vector<TaskLoss> evaluate(int64_t step);
  void log_step(int64_t step, const StepResult& r, double lr, double seconds);
  void save(int64_t step, double last_loss);
  void write_outputs(const TrainSummary& summary);

  TrainOptions opts_;
  Adapter adapter_;
  TrainInputs inputs_;
  std::ostream& log_;
  Communicator comm_;
  std::unique_ptr<torch::optim::AdamW> optimizer_;
  TrainState state_;
  std::vector<std::vector<int64_t>> epoch_plan_;
  int64_t total_steps_ = 0;
  std::vector<data::Sample> eval_subset_;  // this rank's share of it
};

// Steps a run of `opts` takes over `train_samples` samples.
int64_t planned_steps(const TrainOptions& opts, size_t train_samples);

}  // namespace hycam
