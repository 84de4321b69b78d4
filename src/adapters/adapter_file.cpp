#include "adapters/adapter_file.h"

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "io/safetensors.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace hycam {
namespace fs = std::filesystem;

std::string resolve_adapter_path(const std::string& path) {
  if (fs::is_directory(path)) {
    auto inside = fs::path(path) / "adapter.safetensors";
    if (!fs::exists(inside)) throw Error(path + ": run directory has no adapter.safetensors");
    return inside.string();
  }
  if (!fs::exists(path)) throw Error(path + ": adapter file not found");
  return path;
}

void save_float32_tensors(const std::string& path, const NamedTensors& tensors,
                          const std::map<std::string, std::string>& metadata) {
  std::vector<torch::Tensor> keep;  // contiguous float32 CPU copies, alive until written
  std::vector<io::TensorToWrite> out;
  for (const auto& [name, t] : tensors) {
    keep.push_back(t.detach().to(torch::kCPU, torch::kFloat32).contiguous());
    const auto& c = keep.back();
    out.push_back({name, io::DType::F32, c.sizes().vec(), c.data_ptr(), c.numel() * sizeof(float)});
  }
  io::write_safetensors(path, out, metadata);
}

void save_adapter(const std::string& path, const Adapter& adapter) {
  auto meta = adapter.options().to_metadata();
  meta["fingerprint"] = adapter.model()->config().fingerprint();
  meta["format_version"] = kAdapterFormatVersion;
  save_float32_tensors(path, adapter.tensors(), meta);
  nlohmann::json cfg(meta);
  cfg["adapter_file"] = fs::path(path).filename().string();
  write_file_atomic((fs::path(path).parent_path() / "adapter_config.json").string(), cfg.dump(2) + "\n");
}

namespace {

void check_fingerprint(const std::map<std::string, std::string>& meta, const ModelConfig& cfg,
                       const std::string& file, std::vector<std::string>& warnings) {
  auto it = meta.find("fingerprint");
  if (it == meta.end()) {
    warnings.push_back(file + ": no base-model fingerprint in the metadata; shapes are checked instead");
  } else if (it->second != cfg.fingerprint()) {
    throw Error(file + ": adapter was trained on a different base model: adapter " + it->second +
                ", model " + cfg.fingerprint());
  }
  if (!meta.count("format_version"))
    warnings.push_back(file + ": no format_version in the metadata (an adapter from another tool?)");
}

void copy_tensors(const io::SafetensorsFile& file, Adapter& adapter) {
  std::map<std::string, torch::Tensor> targets;
  for (auto& [name, t] : adapter.tensors()) targets[name] = t;
  torch::NoGradGuard no_grad;
  for (const auto& name : file.names()) {
    auto it = targets.find(name);
    if (it == targets.end())
      throw Error(file.path() + ": unknown tensor '" + name + "' for method " + adapter.options().method +
                  " (maybe wrong base model or options?)");
    const auto& v = file.tensor(name);
    if (v.dtype != io::DType::F32)
      throw Error(file.path() + ": tensor '" + name + "' must be F32, is " + io::dtype_name(v.dtype));
    if (it->second.sizes() != torch::IntArrayRef(v.shape))
      throw Error(file.path() + ": tensor '" + name + "' has shape " + c10::str(torch::IntArrayRef(v.shape)) +
                  ", the model needs " + c10::str(it->second.sizes()) + " (maybe wrong base model?)");
    auto src = torch::from_blob(const_cast<uint8_t*>(v.data), v.shape, torch::kFloat32);
    it->second.copy_(src);
    targets.erase(it);
  }
  if (!targets.empty())
    throw Error(file.path() + ": missing tensor '" + targets.begin()->first + "' (and " +
                std::to_string(targets.size() - 1) + " more)");
}

}  // namespace

LoadedAdapter load_adapter(const std::string& path, CausalLM model,
                           const std::map<std::string, std::string>& overrides) {
  const std::string file_path = resolve_adapter_path(path);
  io::SafetensorsFile file(file_path);
  LoadedAdapter out;
  check_fingerprint(file.metadata(), model->config(), file_path, out.warnings);
  if (!file.metadata().count("method")) throw Error(file_path + ": metadata has no 'method'");
  auto opts = AdapterOptions::from_metadata(file.metadata(), file_path);
  for (const auto& [k, v] : overrides) opts.set(k, v);
  out.adapter = Adapter::attach(model, opts, 0);
  copy_tensors(file, out.adapter);
  return out;
}

}  // namespace hycam
