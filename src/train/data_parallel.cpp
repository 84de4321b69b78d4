#include "train/data_parallel.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

#include "adapters/routing.h"

namespace hycam {

MicroBatch shard_micro_batch(const std::vector<data::Sample>& samples, const std::vector<int64_t>& indices,
                             int32_t pad_id, const Communicator& comm, int64_t pad_to) {
  std::vector<const data::Sample*> all;
  int64_t T = pad_to;
  for (int64_t i : indices) {
    all.push_back(&samples[i]);
    T = std::max<int64_t>(T, static_cast<int64_t>(samples[i].ids.size()));
  }
  const auto B = static_cast<int64_t>(all.size());
  const int64_t per_rank = (B + comm.size() - 1) / comm.size();
  const int64_t first = std::min(B, comm.rank() * per_rank), last = std::min(B, first + per_rank);
  MicroBatch mb;
  mb.all = data::count_tokens(all);
  if (comm.size() > 1) mb.rows = {first * T, B * T};
  mb.some_rank_idle = (comm.size() - 1) * per_rank >= B;
  if (first < last)
    mb.batch = data::collate(std::vector<const data::Sample*>(all.begin() + first, all.begin() + last), pad_id, false, T);
  return mb;
}

MicroBatch whole_micro_batch(data::Batch batch) {
  MicroBatch mb;
  mb.all = {batch.real_tokens, batch.target_tokens};
  mb.batch = std::move(batch);
  return mb;
}

std::pair<torch::Tensor, double> balance_loss_over_ranks(const Adapter& adapter, const ForwardContext& ctx,
                                                         Communicator& comm) {
  if (comm.size() == 1) {
    auto bal = adapter.balance_loss(ctx);
    return {bal, bal.defined() ? bal.item<double>() : 0.0};
  }
  const int64_t K = adapter.options().routed_experts();
  const auto mine = routing_sums(ctx.routing);
  auto sums = torch::zeros({2 * K + 1}, torch::kFloat64);  // [G_1..G_K, S_1..S_K, rows]
  if (mine.gates.defined()) {
    sums.narrow(0, 0, K).copy_(mine.gates.detach());
    sums.narrow(0, K, K).copy_(mine.probs.detach());
    sums[2 * K] = static_cast<double>(mine.rows);
  }
  comm.all_reduce_sum({sums});
  const auto G = sums.narrow(0, 0, K), S = sums.narrow(0, K, K);
  const double N = sums[2 * K].item<double>();
  const double value = N > 0 ? K * (G * S).sum().item<double>() / (N * N) : 0.0;
  return {balance_loss_share(mine, G, S, N), value};
}

void share_generator_state(Communicator& comm) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  auto state = generator.get_state();
  comm.broadcast(state, 0);
  generator.set_state(state);
}

double sum_over_ranks(Communicator& comm, double value) {
  auto t = torch::full({1}, value, torch::kFloat64);
  comm.all_reduce_sum({t});
  return t.item<double>();
}

bool any_rank(Communicator& comm, bool flag) { return sum_over_ranks(comm, flag ? 1.0 : 0.0) > 0; }

std::vector<data::Sample> eval_share(const std::vector<data::Sample>& samples, const Communicator& comm) {
  std::vector<data::Sample> out;
  for (size_t i = comm.rank(); i < samples.size(); i += comm.size()) out.push_back(samples[i]);
  return out;
}

void reduce_task_losses(Communicator& comm, std::vector<TaskLoss>& losses) {
  const auto n = static_cast<int64_t>(losses.size());
  auto sums = torch::empty({2 * n}, torch::kFloat64);  // [nll per task, tokens per task]
  for (int64_t t = 0; t < n; ++t) {
    sums[t] = losses[t].nll_sum;
    sums[n + t] = static_cast<double>(losses[t].tokens);
  }
  comm.all_reduce_sum({sums});
  for (int64_t t = 0; t < n; ++t) {
    losses[t].nll_sum = sums[t].item<double>();
    losses[t].tokens = static_cast<int64_t>(sums[n + t].item<double>());
  }
}

}  // namespace hycam
