// Adapter files: save/load round trips, loading onto a model the adapter does not fit fails with
// what differs, unknown tensors fail by name; `export` folds LoRA into a plain model folder.
#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/adapter_file.h"
#include "adapters/export.h"
#include "golden.h"
#include "io/safetensors.h"
#include "model/loader.h"
#include "test_files.h"
#include "util/error.h"

namespace hycam {
namespace {
namespace fs = std::filesystem;

Adapter trained_looking(const std::string& method, CausalLM model) {
  AdapterOptions o;
  o.method = method;
  auto a = Adapter::attach(model, o, 2);
  torch::NoGradGuard no_grad;
  for (auto& p : a.parameters()) p.add_(torch::randn(p.sizes()) * 0.1);
  return a;
}

torch::Tensor logits_of(CausalLM& model) {
  torch::NoGradGuard no_grad;
  model->eval();
  ForwardContext ctx;
  return model->forward({torch::tensor({{1, 403, 407, 261, 378, 432}}, torch::kInt64)}, ctx);
}

TEST(AdapterFile, SaveLoadRoundTripGivesTheSameLogits) {
  const test::TempDir tmp("hycam_test_adapter_roundtrip");
  const auto dir = tmp.path();
  for (const char* method : {"hycam", "lora", "molora"}) {
    auto a = trained_looking(method, load_model(test::stories_dir()));
    save_adapter(dir + "/adapter.safetensors", a);
    auto loaded = load_adapter(dir, load_model(test::stories_dir()));
    EXPECT_TRUE(loaded.warnings.empty()) << method;
    EXPECT_EQ(loaded.adapter.options().describe(), a.options().describe());
    EXPECT_TRUE(torch::equal(logits_of(loaded.adapter.model()), logits_of(a.model()))) << method;
    EXPECT_TRUE(fs::exists(dir + "/adapter_config.json"));
  }
}

TEST(AdapterFile, GoldenFileWithoutFingerprintLoadsWithAWarning) {
  auto loaded = load_adapter(test::stories_dir() + "/golden/adapter_k4_r8.safetensors", load_model(test::stories_dir()));
  ASSERT_FALSE(loaded.warnings.empty());
  EXPECT_NE(loaded.warnings[0].find("no base-model fingerprint"), std::string::npos);
}

TEST(AdapterFile, WrongBaseModelAndUnknownTensorsAreRefused) {
  const test::TempDir tmp("hycam_test_adapter_mismatch");
  const auto dir = tmp.path();
  auto a = trained_looking("lora", load_model(test::stories_dir()));
  save_adapter(dir + "/adapter.safetensors", a);
  auto other = ModelConfig::from_file(test::stories_dir() + "/config.json");
  other.layers = 3;
  other.windows.resize(3);
  auto msg = test::error_of([&] { load_adapter(dir, random_model(other, 0)); });
  EXPECT_NE(msg.find("different base model"), std::string::npos) << msg;

  // A file whose tensor names belong to no parameter of the method.
  std::vector<float> v(4, 0.f);
  io::write_safetensors(dir + "/odd.safetensors", {{"model.layers.0.self_attn.q_proj.lora_C.weight", io::DType::F32, {2, 2}, v.data(), 16}},
                        {{"method", "lora"}});
  msg = test::error_of([&] { load_adapter(dir + "/odd.safetensors", load_model(test::stories_dir())); });
  EXPECT_NE(msg.find("unknown tensor 'model.layers.0.self_attn.q_proj.lora_C.weight'"), std::string::npos) << msg;
  msg = test::error_of([&] { load_adapter(dir + "/missing.safetensors", load_model(test::stories_dir())); });
  EXPECT_NE(msg.find("adapter file not found"), std::string::npos) << msg;
}

// The exported folder is a plain model: loaded without any adapter it gives the adapted logits.
TEST(Export, LoraFoldsIntoAModelWithTheSameLogits) {
  const test::TempDir tmp("hycam_test_export_lora");
  const auto out = tmp.path() + "/merged";
  for (const char* method : {"lora", "full"}) {
    auto a = trained_looking(method, load_model(test::stories_dir()));
    export_merged_model(a, test::stories_dir(), out, /*overwrite=*/true);
    for (const char* f : {"config.json", "tokenizer.json", "model.safetensors"}) EXPECT_TRUE(fs::exists(out + "/" + f));
    auto merged = load_model(out);
    EXPECT_LE(test::max_abs_diff(logits_of(merged), logits_of(a.model())), 1e-4) << method;
  }
  auto a = trained_looking("lora", load_model(test::stories_dir()));
  auto msg = test::error_of([&] { export_merged_model(a, test::stories_dir(), out, /*overwrite=*/false); });
  EXPECT_NE(msg.find("--overwrite"), std::string::npos) << msg;
}

TEST(Export, ModulatingMethodsCannotBeFolded) {
  for (const char* method : {"hycam", "cam", "molora"}) {
    auto a = trained_looking(method, load_model(test::stories_dir()));
    auto msg = test::error_of([&] { merged_hf_tensors(a); });
    EXPECT_NE(msg.find("cannot be folded"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace hycam
