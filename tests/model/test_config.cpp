// config.json: what cannot be run exactly is refused, naming the file and the field.
#include <gtest/gtest.h>

#include "golden.h"
#include "model/config.h"
#include "test_files.h"
#include "util/error.h"

namespace hycam {
namespace {

nlohmann::json stories_config() { return test::read_json("models/stories260K/config.json"); }

std::string error_of(const nlohmann::json& j) {
  return test::error_of([&] { ModelConfig::from_json(j, "cfg.json"); });
}

TEST(Config, UnsupportedFieldsAreRefusedByName) {
  auto j = stories_config();
  j["model_type"] = "gpt2";
  EXPECT_NE(error_of(j).find("cfg.json: model_type 'gpt2'"), std::string::npos) << error_of(j);
  j = stories_config();
  j["rope_scaling"] = {{"type", "yarn"}, {"factor", 4.0}};
  EXPECT_NE(error_of(j).find("rope_scaling type 'yarn'"), std::string::npos) << error_of(j);
  j = stories_config();
  j["hidden_act"] = "gelu";
  EXPECT_NE(error_of(j).find("hidden_act 'gelu'"), std::string::npos) << error_of(j);
  j = stories_config();
  j.erase("num_hidden_layers");
  EXPECT_NE(error_of(j).find("missing required field 'num_hidden_layers'"), std::string::npos) << error_of(j);
  j = stories_config();
  j["num_key_value_heads"] = 3;
  EXPECT_NE(error_of(j).find("cfg.json: num_attention_heads"), std::string::npos) << error_of(j);
}

TEST(Config, MistralWindowsEveryLayerAndLlama3ScalingIsRead) {
  auto j = test::read_json("configs/mistral-tiny.json");
  auto c = ModelConfig::from_json(j, "mistral-tiny.json");
  ASSERT_EQ(static_cast<int64_t>(c.windows.size()), c.layers);
  for (const auto& w : c.windows) EXPECT_EQ(w.value_or(-1), j["sliding_window"].get<int64_t>());
  auto l = stories_config();
  l["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 32.0}, {"low_freq_factor", 1.0},
                       {"high_freq_factor", 4.0}, {"original_max_position_embeddings", 8192}};
  auto cl = ModelConfig::from_json(l, "llama3.json");
  EXPECT_EQ(cl.rope_scaling.type, "llama3");
  EXPECT_EQ(cl.rope_scaling.factor, 32.0);
}

}  // namespace
}  // namespace hycam
