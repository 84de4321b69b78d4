#include "adapters/export.h"

#include <filesystem>

#include "adapters/adapter_file.h"
#include "adapters/lora/layer.h"
#include "adapters/projections.h"
#include "util/error.h"

namespace hycam {
namespace fs = std::filesystem;
namespace {

// Files of a Hugging Face model folder that describe the model rather than hold its weights.
const char* const kCopiedFiles[] = {"config.json", "generation_config.json", "tokenizer.json",
                                    "tokenizer_config.json", "special_tokens_map.json"};

void fold_lora(Adapter& adapter, std::map<std::string, torch::Tensor>& tensors) {
  auto& model = adapter.model();
  for (const auto& block : model->blocks())
    for (const auto& proj : adapter.options().lora_targets) {
      auto lora = std::dynamic_pointer_cast<LoraDeltaImpl>(installed_delta(block, proj));
      if (!lora) throw Error("lora adapter has no delta on " + proj + " of layer " + std::to_string(block->index()));
      const auto name = "model.layers." + std::to_string(block->index()) + "." + hf_projection_path(proj) + ".weight";
      tensors.at(name) = lora->merged(tensors.at(name));
    }
}

}  // namespace

std::map<std::string, torch::Tensor> merged_hf_tensors(Adapter& adapter) {
  const auto& method = adapter.options().method;
  if (method == "hycam" || method == "cam" || method == "molora")
    throw Error("a " + method + " adapter cannot be folded into the base weights: " +
                (method == "molora" ? std::string("each token picks its own LoRA expert")
                                    : std::string("its modulation depends on each token's input")) +
                "; use it with --adapter (hycam generate, hycam eval) instead");
  torch::NoGradGuard no_grad;
  auto tensors = adapter.model()->hf_tensors();
  if (method == "lora") fold_lora(adapter, tensors);
  return tensors;  // full: the trained weights are the model's own
}

void export_merged_model(Adapter& adapter, const std::string& model_dir, const std::string& out_dir,
                         bool overwrite) {
  if (fs::exists(out_dir) && !(fs::is_directory(out_dir) && fs::is_empty(out_dir)) && !overwrite)
    throw Error(out_dir + ": exists and is not empty; use --overwrite to replace it");
  auto tensors = merged_hf_tensors(adapter);
  const fs::path staging = fs::path(out_dir).string() + ".tmp";
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    save_float32_tensors((staging / "model.safetensors").string(), NamedTensors(tensors.begin(), tensors.end()),
                         {{"format", "pt"}});
    for (const char* file : kCopiedFiles)
      if (fs::exists(fs::path(model_dir) / file)) fs::copy_file(fs::path(model_dir) / file, staging / file);
    fs::remove_all(out_dir);
    fs::rename(staging, out_dir);
  } catch (...) {
    fs::remove_all(staging);
    throw;
  }
}

}  // namespace hycam
