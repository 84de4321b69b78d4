#include "train/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include <filesystem>
#include <fstream>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace fs = std::filesystem;

nlohmann::json TrainState::to_json() const {
  return {{"step", step}, {"epoch", epoch}, {"batch_in_epoch", batch_in_epoch}, {"last_lm_loss", last_lm_loss}};
}

TrainState TrainState::from_json(const nlohmann::json& j) {
  TrainState s;
  s.step = j.at("step");
  s.epoch = j.at("epoch");
  s.batch_in_epoch = j.at("batch_in_epoch");
  s.last_lm_loss = j.value("last_lm_loss", 0.0);
  return s;
}

bool has_checkpoint(const std::string& run_dir) {
  return fs::exists(fs::path(run_dir) / "checkpoint" / "state.json");
}

void save_checkpoint(const std::string& run_dir, torch::nn::Module& model, torch::optim::Optimizer& optimizer,
                     const TrainState& state) {
  const fs::path final_dir = fs::path(run_dir) / "checkpoint", tmp = fs::path(run_dir) / "checkpoint.tmp",
                 old = fs::path(run_dir) / "checkpoint.old";
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  torch::serialize::OutputArchive tensors;
  for (const auto& p : model.named_parameters())
    if (p.value().requires_grad()) tensors.write(p.key(), p.value().detach().cpu());
  tensors.save_to((tmp / "trainable.pt").string());
  torch::save(optimizer, (tmp / "optimizer.pt").string());
  torch::save(at::detail::getDefaultCPUGenerator().get_state(), (tmp / "rng.pt").string());
  write_file_atomic((tmp / "state.json").string(), state.to_json().dump(2) + "\n");
  // Swap folders: the previous checkpoint is removed only once the new one is in place.
  fs::remove_all(old);
  if (fs::exists(final_dir)) fs::rename(final_dir, old);
  fs::rename(tmp, final_dir);
  fs::remove_all(old);
}

TrainState load_checkpoint(const std::string& run_dir, torch::nn::Module& model, torch::optim::Optimizer& optimizer) {
  const fs::path dir = fs::path(run_dir) / "checkpoint";
  for (const char* f : {"trainable.pt", "optimizer.pt", "rng.pt", "state.json"})
    if (!fs::exists(dir / f)) throw Error(dir.string() + ": checkpoint is incomplete: no " + f);
  torch::serialize::InputArchive tensors;
  tensors.load_from((dir / "trainable.pt").string());
  torch::NoGradGuard no_grad;
  for (auto& p : model.named_parameters()) {
    if (!p.value().requires_grad()) continue;
    torch::Tensor saved;
    if (!tensors.try_read(p.key(), saved))
      throw Error(dir.string() + ": checkpoint has no tensor '" + p.key() + "' (other method or options?)");
    p.value().copy_(saved);
  }
  torch::load(optimizer, (dir / "optimizer.pt").string());
  torch::Tensor rng;
  torch::load(rng, (dir / "rng.pt").string());
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  generator.set_state(rng);
  return TrainState::from_json(read_json_file((dir / "state.json").string()));
}

}  // namespace hycam
