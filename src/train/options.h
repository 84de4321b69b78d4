// TrainOptions: every setting of a training run, with the defaults `hycam train` documents. A run
// writes them resolved into run_config.json, and --resume / `hycam eval` read them back.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/options.h"

namespace hycam {

struct TrainOptions {
  std::string model_dir;
  std::vector<std::string> data;       // one task each: NAME=PATH or PATH
  std::vector<std::string> eval_data;  // separate eval files (NAME=PATH); default: a split of `data`
  double eval_fraction = 0.2;          // train:eval:test = 7:2:1 per task, as the official code
  double test_fraction = 0.1;
  int64_t max_samples = -1;            // per task, after the seeded shuffle
  int64_t max_len = 512;
  std::string template_name = "alpaca";
  bool loss_on_prompt = false;         // the official code trains on prompt and response
  int64_t batch = 2;                   // micro-batch size
  int64_t grad_accum = 2;
  double lr = 2e-5;
  double warmup_ratio = 0.03;
  double weight_decay = 0.05;          // on matrices only
  double beta1 = 0.9, beta2 = 0.95;
  double clip = 1.0;
  int64_t epochs = 1;
  int64_t steps = 0;                   // > 0: optimizer steps instead of epochs
  int64_t eval_every = 0;              // steps; 0: only at the start and the end
  int64_t eval_max_samples = 200;      // per task, for periodic evaluation (-1: all)
  int64_t save_every = 0;              // steps; 0: only at the end
  int64_t stop_after = 0;              // > 0: stop with a checkpoint after this step, as if interrupted
  uint64_t seed = 0;
  std::string out;
  bool overwrite = false;
  bool grad_checkpointing = false;
  bool pad_to_max_len = false;         // pad every batch to max_len: measures what dynamic padding saves
  int64_t threads = 0;                 // intra-op threads; 0: one per core
  AdapterOptions adapter;

  void validate() const;
  nlohmann::json to_json() const;
  static TrainOptions from_json(const nlohmann::json& j, const std::string& where);
};

}  // namespace hycam
