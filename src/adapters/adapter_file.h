// Adapter files: safetensors with the golden tensor names (PEFT's lora_A/lora_B for LoRA) and
// metadata holding the method, every hyperparameter, the base model's fingerprint and a format
// version; an adapter_config.json beside it says the same for people and tools.
#pragma once
#include <map>
#include <string>

#include "adapters/adapter.h"

namespace hycam {

constexpr const char* kAdapterFormatVersion = "1";

// Writes `tensors` as float32 safetensors (atomically), `metadata` under "__metadata__".
void save_float32_tensors(const std::string& path, const NamedTensors& tensors,
                          const std::map<std::string, std::string>& metadata);

// Writes FILE atomically, and adapter_config.json in the same folder.
void save_adapter(const std::string& path, const Adapter& adapter);

struct LoadedAdapter {
  Adapter adapter;
  std::vector<std::string> warnings;  // e.g. "no fingerprint: cannot check the base model"
};

// `path` is an adapter .safetensors or a run directory holding adapter.safetensors. Options in
// `overrides` (CLI flags: "placement" -> "attn") replace the file's metadata. Refuses a file that
// does not fit the model (fingerprint, layer count, width) or has unknown tensor names.
LoadedAdapter load_adapter(const std::string& path, CausalLM model,
                           const std::map<std::string, std::string>& overrides = {});

// The adapter file inside a run directory, or `path` itself.
std::string resolve_adapter_path(const std::string& path);

}  // namespace hycam
