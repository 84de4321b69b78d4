// `hycam bench train`: real training steps (forward, loss, backward, AdamW) on random token ids
// (or on real task data, batched as the trainer does), timed, next to the machine's single-precision matmul peak measured in the same run. Data
// parallel: each rank takes batch / ranks rows of every step and the gradients are all-reduced in
// buckets; tokens/s counts the whole job's tokens, and the all-reduce time per step is reported.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/options.h"
#include "distributed/communicator.h"

namespace hycam {

struct TrainBenchOptions {
  std::string config;     // config.json: random weights
  std::string model_dir;  // or a model folder
  AdapterOptions adapter; // method "none" = forward + loss only
  int64_t seq = 512, batch = 2, steps = 5, warmup = 1;
  // Real data instead of random ids: NAME=PATH task files, tokenized with the tokenizer in
  // tokenizer_dir (default: model_dir's), samples cut at max_len and batched as the trainer does.
  std::vector<std::string> data;
  std::string tokenizer_dir;
  int64_t max_len = 512;
  bool pad_to_max_len = false;
  uint64_t seed = 0;
  int64_t threads = 0;
  bool grad_checkpointing = false;
  std::string profile;  // Chrome trace of one more step, after the timed ones (empty: none)
};

struct TrainBenchResult {
  nlohmann::json json;  // every figure, machine-readable
  std::string table;    // the same for people
};

TrainBenchResult run_train_bench(const TrainBenchOptions& opts, Communicator& comm);

// GFLOP/s of a large float32 matrix product (best of a few), the machine's practical peak.
double measure_sgemm_gflops(int64_t n = 2048, int repeats = 5);
// Peak resident set size of this process so far, in MiB.
double peak_rss_mib();

}  // namespace hycam
