// hycam export: fold a LoRA (or full fine-tuning) run into a plain Hugging Face model folder.
#include <iostream>

#include "adapters/adapter_file.h"
#include "adapters/export.h"
#include "cli/commands.h"
#include "model/loader.h"

namespace hycam::cli {
namespace {

struct ExportArgs {
  std::string model, adapter, out;
  bool overwrite = false;
};

void run_export(const ExportArgs& a) {
  auto loaded = load_adapter(a.adapter, load_model(a.model));
  for (const auto& w : loaded.warnings) std::cerr << "warning: " << w << "\n";
  export_merged_model(loaded.adapter, a.model, a.out, a.overwrite);
  std::cerr << "exported " << loaded.adapter.options().describe() << " folded into " << a.out
            << "/model.safetensors (float32), with the model's config and tokenizer files\n";
}

CommandRegistration reg(60, [](CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "fold a lora or full run into a plain Hugging Face model folder");
  cmd->add_option("--model", args->model, "the base model folder the adapter was trained on")->required();
  cmd->add_option("--adapter", args->adapter, "adapter .safetensors file or training run folder")->required();
  cmd->add_option("--out", args->out, "the model folder to write")->required();
  cmd->add_flag("--overwrite", args->overwrite, "replace a non-empty --out");
  cmd->callback([args] { run_export(*args); });
});

}  // namespace
}  // namespace hycam::cli
