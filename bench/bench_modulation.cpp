// The HyCAM modulation M(x) of one layer on smollm2-135m's width (D 576, K 4, r 8), per token
// count: what training computes (every expert, since the straight-through gradient reaches all of
// them) against what inference with hard routing computes (each token's chosen expert only).
//   build/bench_modulation [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include "adapters/hycam/layer.h"

namespace {

constexpr int64_t kDim = 576;

hycam::CamModulator trained_looking_layer() {
  hycam::AdapterOptions o;
  hycam::CamModulator m(kDim, o.experts, o, 0);
  m->reset_parameters(0.02);
  torch::NoGradGuard no_grad;
  for (auto& p : m->parameters()) p.add_(torch::randn(p.sizes()) * 0.02);
  return m;
}

// Training forward: all K experts as batched products, gates applied after.
void BM_TrainingAllExperts(benchmark::State& state) {
  auto m = trained_looking_layer();
  auto x = torch::randn({state.range(0), kDim});
  for (auto _ : state) {
    hycam::ForwardContext ctx;
    ctx.training = true;
    benchmark::DoNotOptimize(m->modulation(x, ctx));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Inference: argmax routing, each token through its chosen expert only.
void BM_InferenceChosenExpert(benchmark::State& state) {
  auto m = trained_looking_layer();
  auto x = torch::randn({state.range(0), kDim});
  torch::NoGradGuard no_grad;
  for (auto _ : state) {
    hycam::ForwardContext ctx;
    benchmark::DoNotOptimize(m->modulation(x, ctx));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_TrainingAllExperts)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_InferenceChosenExpert)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
