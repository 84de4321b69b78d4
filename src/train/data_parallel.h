// How the trainer divides a step among the ranks of a data-parallel job and puts the parts back
// together, so that an update equals the one a single process makes on the whole batch:
//   - every rank builds the same seeded plan of whole micro-batches (--batch samples each) and
//     takes a contiguous share of each, ceil(batch / ranks) samples, padded to the whole
//     micro-batch's length so that its token rows line up with one process's (routing noise);
//   - the LM loss divides by the whole step's target tokens, counted from the plan on every rank;
//   - the balance loss is formed from routing sums all-reduced over the ranks (see
//     balance_loss_share), and gradients are summed over the ranks (distributed/grad_buckets.h);
//   - evaluation gives each rank every ranks-th sample and sums the per-task NLL and tokens.
// With one rank all of this reduces to the single-process code path, without collectives.
#pragma once
#include <torch/torch.h>

#include <utility>
#include <vector>

#include "adapters/adapter.h"
#include "data/batching.h"
#include "distributed/communicator.h"
#include "train/eval_loss.h"

namespace hycam {

// One micro-batch as this rank sees it.
struct MicroBatch {
  data::Batch batch;          // this rank's samples; ids undefined when its share is empty
  data::TokenCounts all;      // of the whole micro-batch, over all ranks
  RowShard rows;              // where this rank's token rows sit among the whole micro-batch's
  bool some_rank_idle = false;  // a short micro-batch left some rank without samples
};

// Rows are padded to the micro-batch's longest sample, or to `pad_to` when that is longer.
MicroBatch shard_micro_batch(const std::vector<data::Sample>& samples, const std::vector<int64_t>& indices,
                             int32_t pad_id, const Communicator& comm, int64_t pad_to = 0);
// The whole micro-batch in one process (the plain, single-process case).
MicroBatch whole_micro_batch(data::Batch batch);

// The balance loss of one forward pass over all ranks: the tensor to backpropagate (this rank's
// share; undefined when it had no rows) and the global value. One all-reduce of 2K+1 numbers;
// with one rank, the adapter's own balance loss and its value.
std::pair<torch::Tensor, double> balance_loss_over_ranks(const Adapter& adapter, const ForwardContext& ctx,
                                                         Communicator& comm);

// A rank without samples drew no routing noise; it takes rank 0's generator state so that the
// next draws stay the same on every rank.
void share_generator_state(Communicator& comm);

double sum_over_ranks(Communicator& comm, double value);
bool any_rank(Communicator& comm, bool flag);

// This rank's every size()-th sample, starting at its rank.
std::vector<data::Sample> eval_share(const std::vector<data::Sample>& samples, const Communicator& comm);
// Sums each task's NLL and token count over the ranks.
void reduce_task_losses(Communicator& comm, std::vector<TaskLoss>& losses);

}  // namespace hycam
