#include "model/loader.h"

#include <cstring>
#include <filesystem>

#include "io/safetensors.h"
#include "util/error.h"

namespace hycam {
namespace {

// A float tensor copied out of the mapped file and widened to float32.
torch::Tensor to_float32(const io::TensorView& v, const std::string& file) {
  std::vector<int64_t> shape(v.shape.begin(), v.shape.end());
  auto out = torch::empty(shape, torch::kFloat32);
  float* dst = out.data_ptr<float>();
  const int64_t n = v.numel();
  switch (v.dtype) {
    case io::DType::F32:
      std::memcpy(dst, v.data, n * sizeof(float));
      break;
    case io::DType::F16:
    case io::DType::BF16: {
      const bool bf = v.dtype == io::DType::BF16;
      for (int64_t i = 0; i < n; ++i) {
        uint16_t bits;
        std::memcpy(&bits, v.data + 2 * i, 2);
        dst[i] = bf ? io::bf16_to_f32(bits) : io::f16_to_f32(bits);
      }
      break;
    }
    default:
      throw Error(file + ": tensor '" + v.name + "' has dtype " + io::dtype_name(v.dtype) +
                  ", expected F32, F16 or BF16");
  }
  return out;
}

}  // namespace

CausalLM load_model(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw Error(dir + ": model folder not found");
  auto cfg = ModelConfig::from_file((fs::path(dir) / "config.json").string());
  CausalLM model(cfg);
  io::WeightSet weights(dir);
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& [name, shape] : model->required_hf_shapes()) {
    if (!weights.contains(name))
      throw Error(dir + ": tensor '" + name + "' required by config.json is missing from the weights");
    const auto& view = weights.tensor(name);
    if (view.shape != shape)
      throw Error(weights.file_of(name) + ": tensor '" + name + "' has shape " +
                  c10::str(torch::IntArrayRef(view.shape)) + ", config.json needs " +
                  c10::str(torch::IntArrayRef(shape)));
    tensors[name] = to_float32(view, weights.file_of(name));
  }
  model->load_hf_tensors(tensors);
  return model;
}

CausalLM random_model(const ModelConfig& cfg, uint64_t seed) {
  CausalLM model(cfg);
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed);
  for (auto& [name, t] : model->hf_tensors()) {
    if (name.find("norm.weight") != std::string::npos) t.fill_(1.0);
    else if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0) t.zero_();
    else t.copy_(at::normal(0.0, cfg.init_range, t.sizes(), gen));
  }
  return model;
}

int64_t count_parameters(const torch::nn::Module& module, bool trainable_only) {
  int64_t n = 0;
  for (const auto& p : module.parameters())
    if (!trainable_only || p.requires_grad()) n += p.numel();
  return n;
}

}  // namespace hycam
