// Training checkpoints: everything needed to continue a run exactly. A checkpoint is a folder
//   checkpoint/trainable.pt   the trainable tensors by name
//   checkpoint/optimizer.pt   AdamW moments and step counts
//   checkpoint/state.json     step, data position (epoch, batch), the schedule's inputs
//   checkpoint/rng.pt         the torch generator state (Gumbel noise, dropout)
// written to checkpoint.tmp/ and renamed into place, so the folder on disk is always complete.
#pragma once
#include <torch/torch.h>

#include <string>

#include <nlohmann/json.hpp>

namespace hycam {

struct TrainState {
  int64_t step = 0;            // optimizer steps done
  int64_t epoch = 0;           // data position: epoch ...
  int64_t batch_in_epoch = 0;  // ... and micro-batches consumed in it
  double last_lm_loss = 0;
  nlohmann::json to_json() const;
  static TrainState from_json(const nlohmann::json& j);
};

void save_checkpoint(const std::string& run_dir, torch::nn::Module& model, torch::optim::Optimizer& optimizer,
                     const TrainState& state);
// Restores tensors, optimizer and RNG; returns the state. Throws naming the folder when incomplete.
TrainState load_checkpoint(const std::string& run_dir, torch::nn::Module& model, torch::optim::Optimizer& optimizer);
bool has_checkpoint(const std::string& run_dir);

}  // namespace hycam
