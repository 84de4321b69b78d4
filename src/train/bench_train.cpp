#include "train/bench_train.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "adapters/adapter.h"
#include "distributed/grad_buckets.h"
#include "model/compute_threads.h"
#include "model/loader.h"
#include "train/inputs.h"
#include "train/loss.h"
#include "train/op_profile.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/table.h"

namespace hycam {
namespace {

using Clock = std::chrono::steady_clock;

// Warm-up, timed steps, and one more under the profiler when asked (its overhead stays out of the times).
int64_t steps_run(const TrainBenchOptions& o) {
  return o.warmup + o.steps + (o.profile.empty() ? 0 : 1);
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Model FLOPs of one step: 2 per multiply-add of every matrix product in the forward pass
// (projections, the head at positions with a target, attention scores and values); the backward
// pass costs 2x the forward for the input gradients, plus 1x for weight gradients when the base
// weights train (full). adapter_flops adds the adapter's own products.
double step_flops(const ModelConfig& c, int64_t B, int64_t T, int64_t targets, bool forward_only, bool full) {
  const double tokens = static_cast<double>(B * T);
  const double per_layer = c.hidden * (c.q_dim() + 2 * c.kv_dim()) + c.q_dim() * c.hidden +
                           3.0 * c.hidden * c.intermediate;
  const double head_rows = static_cast<double>(targets);  // the head runs where there is a target
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

namespace {

// --seq tokens of random ids per sample, every token after the first a target; the same on every
// rank (the ranks take shares of each batch, as in training).
TrainInputs random_inputs(int64_t vocab, int64_t samples, int64_t seq, uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed + 1);
  TrainInputs in;
  for (int64_t i = 0; i < samples; ++i) {
    auto ids = torch::randint(vocab, {seq}, gen, torch::kInt32);
    data::Sample s;
    s.ids.assign(ids.data_ptr<int32_t>(), ids.data_ptr<int32_t>() + seq);
    s.is_target.assign(seq, 1);
    s.is_target[0] = 0;
    in.train.push_back(std::move(s));
  }
  return in;
}

// The training part of each --data task, tokenized as `hycam train` does (Alpaca template, loss on
// the response), with the tokenizer of --tokenizer or the model folder.
TrainInputs data_inputs(const TrainBenchOptions& o, int64_t vocab, std::ostream& log) {
  TrainOptions t;
  t.data = o.data;
  t.max_len = o.max_len;
  t.seed = o.seed;
  const auto dir = o.tokenizer_dir.empty() ? o.model_dir : o.tokenizer_dir;
  if (dir.empty()) throw Error("bench train: --data needs --tokenizer DIR (or --model DIR, whose tokenizer is used)");
  auto tokenizer = Tokenizer::from_dir(dir);
  if (static_cast<int64_t>(tokenizer.vocab_size()) > vocab)
    throw Error(dir + ": the tokenizer's " + std::to_string(tokenizer.vocab_size()) +
                " ids do not fit the model's vocabulary of " + std::to_string(vocab));
  return tokenize_inputs(load_task_examples(t), t, tokenizer, log);
}

// Batches for warmup + steps: length-grouped over the data as the trainer plans an epoch, the
// epoch's plan repeated when it is shorter than the run.
std::vector<std::vector<int64_t>> step_plan(const TrainInputs& in, const TrainBenchOptions& o) {
  std::vector<std::vector<int64_t>> plan;
  for (int64_t epoch = 0; static_cast<int64_t>(plan.size()) < steps_run(o); ++epoch) {
    auto more = data::length_grouped_batches(in.train, o.batch, o.seed, epoch);
    if (more.empty()) throw Error("bench train: no training samples");
    plan.insert(plan.end(), more.begin(), more.end());
  }
  plan.resize(steps_run(o));
  return plan;
}

// The padded length of a whole micro-batch (a rank's share may be empty).
int64_t batch_length(const std::vector<data::Sample>& samples, const std::vector<int64_t>& indices, int64_t pad_to) {
  int64_t longest = pad_to;
  for (auto i : indices) longest = std::max<int64_t>(longest, samples[i].ids.size());
  return longest;
}

// --profile's file goes into a folder that exists and that we may write.
void check_profile_path(const std::string& path) {
  auto folder = std::filesystem::path(path).parent_path();
  if (folder.empty()) folder = ".";
  if (!std::filesystem::is_directory(folder) || ::access(folder.c_str(), W_OK) != 0)
    throw Error("--profile " + path + ": cannot write there (" + folder.string() + " is not a writable folder)");
}

// The profiled step's busiest operators: in the JSON, and as a second table.
void add_profile(TrainBenchResult& r, const std::string& path, const std::vector<OpTime>& ops) {
  r.json["profile"] = path;
  Table t({"operator (profiled step)", "self ms", "calls"});
  for (const auto& op : ops) {
    r.json["profile_top_ops"].push_back({{"op", op.op}, {"self_ms", op.ms}, {"calls", op.calls}});
    std::ostringstream ms;
    ms << std::fixed << std::setprecision(1) << op.ms;
    t.add_row({op.op, ms.str(), std::to_string(op.calls)});
  }
  r.table += "\n" + t.plain() + "trace: " + path + " (chrome://tracing or ui.perfetto.dev)\n";
}

}  // namespace

TrainBenchResult run_train_bench(const TrainBenchOptions& o, Communicator& comm) {
  if (o.config.empty() == o.model_dir.empty()) throw Error("bench train: give exactly one of --config or --model");
  if (o.batch % comm.size() != 0)
    throw Error("bench train: --batch " + std::to_string(o.batch) + " must be a multiple of the " +
                std::to_string(comm.size()) + " ranks");
  if (!o.profile.empty()) check_profile_path(o.profile);  // before minutes of steps, not after
  const int cores = set_compute_threads(static_cast<int>(o.threads));
  // Every rank measures at once: the job's peak. Measured again after the steps and the higher
  // kept: a shared machine's speed drifts, and a low peak would flatter the utilisation.
  double sgemm = measure_sgemm_gflops() * comm.size();
  auto model = o.config.empty() ? load_model(o.model_dir) : random_model(ModelConfig::from_file(o.config), o.seed);
  const auto& cfg = model->config();
  std::ostream dropped(nullptr);
  const auto inputs = o.data.empty() ? random_inputs(cfg.vocab, o.batch * steps_run(o), o.seq, o.seed)
                                     : data_inputs(o, cfg.vocab, comm.is_main() ? std::cerr : dropped);
  const auto plan = o.data.empty() ? data::sequential_batches(inputs.train.size(), o.batch) : step_plan(inputs, o);
  const bool forward_only = o.adapter.method == "none";
  const bool full = o.adapter.method == "full";
  Adapter adapter = Adapter::attach(model, o.adapter, o.seed);
  std::unique_ptr<torch::optim::AdamW> opt;
  if (!forward_only)
    opt = std::make_unique<torch::optim::AdamW>(adapter.parameters(),
                                                torch::optim::AdamWOptions(2e-5).betas({0.9, 0.95}).weight_decay(0.05));
  std::vector<double> times, all_reduce_times;
  double seconds = 0, flops = 0, last_loss = 0;
  int64_t real_tokens = 0, computed_tokens = 0, samples = 0;
  const int64_t pad_to = o.pad_to_max_len ? o.max_len : 0;
  std::vector<OpTime> top_ops;
  for (int64_t step = 0; step < steps_run(o); ++step) {
    auto micro = shard_micro_batch(inputs.train, plan[step], inputs.pad_id, comm, pad_to);
    const bool profiled = step == o.warmup + o.steps;
    std::unique_ptr<StepProfile> profile;
    if (profiled && comm.is_main()) profile = std::make_unique<StepProfile>();
    auto t0 = Clock::now();
    if (forward_only && micro.batch.ids.defined()) {
      torch::NoGradGuard no_grad;
      ForwardContext ctx;
      const auto& b = micro.batch;
      const auto dev = model->embed_weight.device();
      auto hidden = model->hidden_states({b.ids.to(dev), b.attention_mask.to(dev), b.positions.to(dev)}, ctx);
      last_loss = (nll_sum_at_targets(model, hidden, b.targets.to(dev)) / std::max<int64_t>(1, micro.all.target)).item<double>();
    } else if (!forward_only) {
      model->train();
      opt->zero_grad();
      last_loss = forward_backward(adapter, {micro}, comm, o.grad_checkpointing).lm_loss;
      if (comm.size() > 1) {
        const auto t_reduce = Clock::now();
        all_reduce_gradients(comm, adapter.parameters());
        if (step >= o.warmup) all_reduce_times.push_back(seconds_since(t_reduce));
      }
      opt->step();
    }
    if (profile) top_ops = profile->finish(o.profile, 12);
    if (step < o.warmup || profiled) continue;
    times.push_back(seconds_since(t0));
    seconds += times.back();
    const int64_t B = static_cast<int64_t>(plan[step].size());
    const int64_t T = batch_length(inputs.train, plan[step], pad_to);
    flops += step_flops(cfg, B, T, micro.all.target, forward_only, full) +
             (forward_only || full ? 0.0 : adapter_flops(adapter, B, T));
    real_tokens += micro.all.real;
    computed_tokens += B * T;
    samples += B;
  }
  sgemm = std::max(sgemm, measure_sgemm_gflops() * comm.size());
  const double gflops = flops / seconds / 1e9;
  TrainBenchResult r;
  r.json = {{"bench", "train"}, {"method", o.adapter.method}, {"batch", o.batch},
            {"steps", o.steps}, {"ranks", comm.size()}, {"threads", cores},
            {"grad_checkpointing", o.grad_checkpointing},
            {"tokens_per_s", real_tokens / seconds}, {"step_ms", 1000 * median(times)},
            {"all_reduce_ms", 1000 * median(all_reduce_times)},
            {"peak_rss_mb", peak_rss_mib()}, {"model_gflop_per_step", flops / o.steps / 1e9},
            {"achieved_gflops", gflops}, {"sgemm_peak_gflops", sgemm}, {"utilisation", gflops / sgemm},
            {"blas_kernels", openblas_core()},
            {"params_total", adapter.total_count()}, {"params_trainable", adapter.trainable_count()},
            {"last_loss", last_loss}};
  if (o.data.empty()) {
    r.json["seq"] = o.seq;
  } else {
    r.json["data"] = o.data;
    r.json["max_len"] = o.max_len;
    r.json["pad_to_max_len"] = o.pad_to_max_len;
    r.json["mean_tokens_per_sample"] = static_cast<double>(real_tokens) / samples;
    r.json["padding_share"] = 1.0 - static_cast<double>(real_tokens) / computed_tokens;
  }
  Table t({"figure", "value"});
  for (const auto& [k, v] : r.json.items()) t.add_row({k, v.dump()});
  r.table = t.plain();
  if (!o.profile.empty() && comm.is_main()) add_profile(r, o.profile, top_ops);
  return r;
}

}  // namespace hycam
