#include "train/bench_train.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "adapters/adapter.h"
#include "distributed/grad_buckets.h"
#include "model/compute_threads.h"
#include "model/loader.h"
#include "train/loss.h"
#include "util/error.h"
#include "util/table.h"

namespace hycam {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Model FLOPs of one step: 2 per multiply-add of every matrix product in the forward pass
// (projections, the head at positions with a target, attention scores and values); the backward
// pass costs 2x the forward for the input gradients, plus 1x for weight gradients when the base
// weights train (full). adapter_flops adds the adapter's own products.
double step_flops(const ModelConfig& c, int64_t B, int64_t T, bool forward_only, bool full) {
  const double tokens = static_cast<double>(B * T);
  const double per_layer = c.hidden * (c.q_dim() + 2 * c.kv_dim()) + c.q_dim() * c.hidden +
                           3.0 * c.hidden * c.intermediate;
  const double head_rows = static_cast<double>(B * (T - 1));  // the head runs where there is a target
  const double matmul = 2 * tokens * c.layers * per_layer + 2 * head_rows * c.vocab * c.hidden;
  const double attention = 2 * 2.0 * B * c.heads * static_cast<double>(T) * T * c.head_dim * c.layers;
  const double forward = matmul + attention;
  if (forward_only) return forward;
  return forward * (full ? 3.0 : 2.0);
}

// The adapter's own products (methods that keep the base frozen): training runs every expert
// on every token, so each element of each trainable matrix is one multiply-add per token forward
// and two backward (input and weight gradients). Biases are not products.
double adapter_flops(const Adapter& adapter, int64_t B, int64_t T) {
  const std::string suffix = ".weight";
  double weights = 0;
  for (const auto& [name, t] : adapter.tensors())
    if (t.dim() == 2 && name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      weights += static_cast<double>(t.numel());
  return 6.0 * B * T * weights;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

double measure_sgemm_gflops(int64_t n, int repeats) {
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  torch::mm(a, b);  // warm-up (thread pools, page faults)
  double best = 0;
  for (int i = 0; i < repeats; ++i) {
    auto t0 = Clock::now();
    auto c = torch::mm(a, b);
    best = std::max(best, 2.0 * n * n * n / seconds_since(t0) / 1e9);
  }
  return best;
}

double peak_rss_mib() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

TrainBenchResult run_train_bench(const TrainBenchOptions& o, Communicator& comm) {
  if (o.config.empty() == o.model_dir.empty()) throw Error("bench train: give exactly one of --config or --model");
  if (o.batch % comm.size() != 0)
    throw Error("bench train: --batch " + std::to_string(o.batch) + " must be a multiple of the " +
                std::to_string(comm.size()) + " ranks");
  const int64_t rows = o.batch / comm.size();  // this rank's share of every step
  const int cores = set_compute_threads(static_cast<int>(o.threads));
  // Every rank measures at once: the job's peak. Measured again after the steps and the higher
  // kept: a shared machine's speed drifts, and a low peak would flatter the utilisation.
  double sgemm = measure_sgemm_gflops() * comm.size();
  auto model = o.config.empty() ? load_model(o.model_dir) : random_model(ModelConfig::from_file(o.config), o.seed);
  const auto& cfg = model->config();
  const bool forward_only = o.adapter.method == "none";
  Adapter adapter = Adapter::attach(model, o.adapter, o.seed);
  std::unique_ptr<torch::optim::AdamW> opt;
  if (!forward_only)
    opt = std::make_unique<torch::optim::AdamW>(adapter.parameters(),
                                                torch::optim::AdamWOptions(2e-5).betas({0.9, 0.95}).weight_decay(0.05));
  auto gen = at::detail::createCPUGenerator(o.seed + 1 + comm.rank());
  std::vector<double> times, all_reduce_times;
  double first_loss = 0;
  for (int64_t step = 0; step < o.warmup + o.steps; ++step) {
    auto ids = torch::randint(cfg.vocab, {rows, o.seq}, gen, torch::kInt64);
    auto targets = torch::cat({ids.narrow(1, 1, o.seq - 1), torch::full({rows, 1}, -100, torch::kInt64)}, 1);
    auto t0 = Clock::now();
    ForwardContext ctx;
    ctx.training = !forward_only;
    ctx.recompute_blocks = o.grad_checkpointing;
    if (forward_only) {
      torch::NoGradGuard no_grad;
      first_loss = (nll_sum_at_targets(model, model->hidden_states({ids}, ctx), targets) / (o.batch * (o.seq - 1))).item<double>();
    } else {
      model->train();
      opt->zero_grad();
      auto loss = nll_sum_at_targets(model, model->hidden_states({ids}, ctx), targets) / (o.batch * (o.seq - 1));
      if (auto bal = adapter.balance_loss(ctx); bal.defined()) loss = loss + o.adapter.balance * bal;
      loss.backward();
      if (comm.size() > 1) {
        const auto t_reduce = Clock::now();
        all_reduce_gradients(comm, adapter.parameters());
        if (step >= o.warmup) all_reduce_times.push_back(seconds_since(t_reduce));
      }
      opt->step();
      first_loss = loss.item<double>();
    }
    if (step >= o.warmup) times.push_back(seconds_since(t0));
  }
  sgemm = std::max(sgemm, measure_sgemm_gflops() * comm.size());
  const double step_s = median(times);
  const bool full = o.adapter.method == "full";
  const double flops = step_flops(cfg, o.batch, o.seq, forward_only, full) +
                       (forward_only || full ? 0.0 : adapter_flops(adapter, o.batch, o.seq));
  const double gflops = flops / step_s / 1e9;
  TrainBenchResult r;
  r.json = {{"bench", "train"}, {"method", o.adapter.method}, {"seq", o.seq}, {"batch", o.batch},
            {"steps", o.steps}, {"ranks", comm.size()}, {"threads", cores},
            {"grad_checkpointing", o.grad_checkpointing},
            {"tokens_per_s", o.batch * o.seq / step_s}, {"step_ms", 1000 * step_s},
            {"all_reduce_ms", 1000 * median(all_reduce_times)},
            {"peak_rss_mb", peak_rss_mib()}, {"model_gflop_per_step", flops / 1e9},
            {"achieved_gflops", gflops}, {"sgemm_peak_gflops", sgemm}, {"utilisation", gflops / sgemm},
            {"blas_kernels", openblas_core()},
            {"params_total", adapter.total_count()}, {"params_trainable", adapter.trainable_count()},
            {"last_loss", first_loss}};
  Table t({"figure", "value"});
  for (const auto& [k, v] : r.json.items()) t.add_row({k, v.dump()});
  r.table = t.plain();
  return r;
}

}  // namespace hycam
