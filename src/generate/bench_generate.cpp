#include "generate/bench_generate.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "model/compute_threads.h"
#include "model/loader.h"
#include "util/error.h"
#include "util/table.h"

namespace hycam {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Greedy next ids [B,1] from the last position of a forward pass with the cache.
torch::Tensor next_ids(CausalLM& model, const ForwardInputs& in) {
  ForwardContext ctx;
  ctx.record_routing = false;
  auto hidden = model->hidden_states(in, ctx);                          // [B,T,D]
  return model->logits(hidden.select(1, hidden.size(1) - 1)).argmax(-1, true);  // [B,1]
}

struct RunTimes {
  double prefill_s, decode_s;
};

// One prefill of `ids` [B,P] and `steps` greedy decode steps, timed apart.
RunTimes timed_run(CausalLM& model, const torch::Tensor& ids, int64_t steps) {
  KVCache cache(model->config(), ids.size(0), ids.size(1) + steps, torch::kFloat32, torch::kCPU);
  auto t0 = Clock::now();
  auto next = next_ids(model, {ids, {}, {}, &cache});
  const double prefill = seconds_since(t0);
  t0 = Clock::now();
  for (int64_t s = 0; s < steps; ++s) next = next_ids(model, {next, {}, {}, &cache});
  return {prefill, seconds_since(t0)};
}

}  // namespace

void GenerateBenchOptions::validate() const {
  if (config.empty() == model_dir.empty()) throw Error("bench generate: give exactly one of --config or --model");
  auto positive = [](const char* name, int64_t v) {
    if (v < 1) throw Error(std::string("bench generate: ") + name + " must be >= 1, got " + std::to_string(v));
  };
  positive("prompt-tokens", prompt_tokens);
  positive("new-tokens", new_tokens);
  positive("batch", batch);
  positive("repeats", repeats);
  positive("bandwidth-mib", bandwidth_mib);
}

double measure_copy_bandwidth_gbps(int64_t buffer_mib, int repeats) {
  const int64_t n = buffer_mib * 1024 * 1024 / sizeof(float);
  auto src = torch::ones({n}), dst = torch::empty({n});
  dst.copy_(src);  // faults the destination pages in
  double best = 0;
  for (int i = 0; i < repeats; ++i) {
    auto t0 = Clock::now();
    dst.copy_(src);
    best = std::max(best, 2.0 * n * sizeof(float) / seconds_since(t0) / 1e9);
  }
  return best;
}

GenerateBenchResult run_generate_bench(const GenerateBenchOptions& o) {
  o.validate();
  const int cores = set_compute_threads(static_cast<int>(o.threads));
  const double bandwidth = measure_copy_bandwidth_gbps(o.bandwidth_mib);
  auto model = o.config.empty() ? load_model(o.model_dir) : random_model(ModelConfig::from_file(o.config), o.seed);
  const auto& cfg = model->config();
  if (o.prompt_tokens + o.new_tokens > cfg.max_positions)
    throw Error("bench generate: prompt-tokens + new-tokens = " + std::to_string(o.prompt_tokens + o.new_tokens) +
                " exceeds the model's max_position_embeddings (" + std::to_string(cfg.max_positions) + ")");
  model->eval();
  torch::NoGradGuard no_grad;
  double weight_bytes = 0;
  for (const auto& p : model->parameters()) weight_bytes += static_cast<double>(p.numel() * p.element_size());
  auto gen = at::detail::createCPUGenerator(o.seed + 1);
  auto ids = torch::randint(cfg.vocab, {o.batch, o.prompt_tokens}, gen, torch::kInt64);

  timed_run(model, ids, o.new_tokens);  // warm-up: allocator, thread pool, caches
  RunTimes best{1e30, 1e30};
  for (int64_t r = 0; r < o.repeats; ++r) {
    auto t = timed_run(model, ids, o.new_tokens);
    best.prefill_s = std::min(best.prefill_s, t.prefill_s);
    best.decode_s = std::min(best.decode_s, t.decode_s);
  }
  GenerateBenchResult r;
  const double steps_per_s = o.new_tokens / best.decode_s;
  r.prefill_tokens_per_s = o.batch * o.prompt_tokens / best.prefill_s;
  r.decode_tokens_per_s = o.batch * steps_per_s;
  r.weight_bytes = weight_bytes;
  r.weight_gb_per_s = weight_bytes * steps_per_s / 1e9;
  r.memory_gb_per_s = bandwidth;
  r.bound_fraction = r.weight_gb_per_s / bandwidth;
  // Keys and values read per step, averaged over the decode (float32 cache).
  const double avg_len = o.prompt_tokens + (o.new_tokens + 1) / 2.0;
  const double cache_bytes = 2.0 * cfg.layers * o.batch * cfg.kv_dim() * avg_len * sizeof(float);
  r.json = {{"bench", "generate"},
            {"model", o.config.empty() ? o.model_dir : o.config},
            {"weights", o.config.empty() ? "loaded" : "random"},
            {"params", count_parameters(*model, false)},
            {"batch", o.batch}, {"prompt_tokens", o.prompt_tokens}, {"new_tokens", o.new_tokens},
            {"threads", cores},
            {"prefill_tokens_per_s", r.prefill_tokens_per_s}, {"prefill_ms", 1000 * best.prefill_s},
            {"decode_tokens_per_s", r.decode_tokens_per_s}, {"decode_ms_per_step", 1000 / steps_per_s},
            {"weight_bytes", weight_bytes}, {"weight_gb_per_s", r.weight_gb_per_s},
            {"cache_bytes_per_step", cache_bytes},
            {"memory_gb_per_s", bandwidth}, {"bound_fraction", r.bound_fraction}};
  Table t({"figure", "value"}, {Align::left, Align::right});
  t.add_row({"params", std::to_string(count_parameters(*model, false))});
  t.add_row({"prefill tokens/s (" + std::to_string(o.batch) + " x " + std::to_string(o.prompt_tokens) + ")",
             fixed(r.prefill_tokens_per_s, 1)});
  t.add_row({"decode tokens/s (batch " + std::to_string(o.batch) + ")", fixed(r.decode_tokens_per_s, 1)});
  t.add_row({"decode ms/step", fixed(1000 / steps_per_s, 3)});
  t.add_row({"weights read/step (MB)", fixed(weight_bytes / 1e6, 2)});
  t.add_row({"weights GB/s", fixed(r.weight_gb_per_s, 2)});
  t.add_row({"memory copy GB/s (measured)", fixed(bandwidth, 2)});
  t.add_row({"% of bandwidth bound", fixed(100 * r.bound_fraction, 1)});
  t.add_row({"threads", std::to_string(cores)});
  r.table = t.plain();
  return r;
}

}  // namespace hycam
