// WeightSet: the shared single-file model, a sharded folder written here, and broken indexes.
#include <gtest/gtest.h>

#include "io/safetensors.h"
#include "io_testing.h"
#include "util/shared_path.h"

namespace hycam::io {
namespace {

using testing::error_of;
using testing::has;
using testing::TempDir;
using testing::values_of;

const std::vector<float> kA = {1, 2, 3, 4}, kB = {5, 6}, kC = {7, 8, 9};

// Two shards (a, b | c) and an index over them, in `dir`.
void write_sharded(const TempDir& dir, const std::string& weight_map_json) {
  write_safetensors(
      dir.file("model-00001-of-00002.safetensors"),
      {{"a", DType::F32, {2, 2}, kA.data(), 16}, {"b", DType::F32, {2}, kB.data(), 8}});
  write_safetensors(dir.file("model-00002-of-00002.safetensors"),
                    {{"c", DType::F32, {3}, kC.data(), 12}});
  testing::write_bytes(dir.file("model.safetensors.index.json"),
                       R"({"metadata":{"total_size":36},"weight_map":)" + weight_map_json + "}");
}

const char* kGoodMap =
    R"({"a":"model-00001-of-00002.safetensors","b":"model-00001-of-00002.safetensors",)"
    R"("c":"model-00002-of-00002.safetensors"})";

TEST(WeightSet, SingleFileModel) {
  const std::string dir = shared_path("models/stories260K");
  WeightSet weights(dir);
  EXPECT_EQ(weights.names().size(), 48u);
  ASSERT_TRUE(weights.contains("model.embed_tokens.weight"));
  EXPECT_EQ(weights.tensor("model.embed_tokens.weight").shape, (std::vector<int64_t>{512, 64}));
  EXPECT_EQ(weights.file_of("model.norm.weight"), dir + "/model.safetensors");
  const std::string msg = error_of([&] { weights.tensor("lm_head.bias"); });
  EXPECT_TRUE(has(msg, dir + ": the model's weights have no tensor 'lm_head.bias'")) << msg;
}

TEST(WeightSet, ShardedFolderRoundTrip) {
  TempDir dir;
  write_sharded(dir, kGoodMap);
  WeightSet weights(dir.path());
  EXPECT_EQ(weights.names(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(weights.file_of("a"), dir.file("model-00001-of-00002.safetensors"));
  EXPECT_EQ(weights.file_of("c"), dir.file("model-00002-of-00002.safetensors"));
  const TensorView& a = weights.tensor("a");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(values_of<float>(a.data, a.nbytes), kA);
  EXPECT_EQ(values_of<float>(weights.tensor("b").data, 8), kB);
  EXPECT_EQ(values_of<float>(weights.tensor("c").data, 12), kC);
  EXPECT_FALSE(weights.contains("d"));
  const std::string msg = error_of([&] { weights.file_of("d"); });
  EXPECT_TRUE(has(msg, dir.path() + ": the model's weights have no tensor 'd'")) << msg;
}

TEST(WeightSet, EmptyFolderSaysWhatIsMissing) {
  TempDir dir;
  const std::string msg = error_of([&] { WeightSet weights(dir.path()); });
  EXPECT_TRUE(has(msg, dir.path() + ": neither model.safetensors nor model.safetensors.index.json"))
      << msg;
}

TEST(WeightSet, IndexNotJson) {
  TempDir dir;
  write_sharded(dir, "{");
  const std::string msg = error_of([&] { WeightSet weights(dir.path()); });
  EXPECT_TRUE(has(msg, dir.file("model.safetensors.index.json") + ": not valid JSON")) << msg;
}

TEST(WeightSet, IndexWithoutWeightMap) {
  TempDir dir;
  write_sharded(dir, kGoodMap);
  testing::write_bytes(dir.file("model.safetensors.index.json"), R"({"metadata":{}})");
  const std::string msg = error_of([&] { WeightSet weights(dir.path()); });
  EXPECT_TRUE(has(msg, dir.file("model.safetensors.index.json") + ": missing \"weight_map\""))
      << msg;
}

TEST(WeightSet, ShardFileMissing) {
  TempDir dir;
  write_sharded(dir, R"({"a":"model-00001-of-00002.safetensors","x":"model-00003.safetensors"})");
  const std::string msg = error_of([&] { WeightSet weights(dir.path()); });
  EXPECT_TRUE(has(msg, dir.file("model.safetensors.index.json") +
                           ": shard 'model-00003.safetensors' (listed for tensor 'x') is missing"))
      << msg;
}

TEST(WeightSet, TensorMissingFromItsShard) {
  TempDir dir;
  write_sharded(
      dir, R"({"a":"model-00001-of-00002.safetensors","c":"model-00001-of-00002.safetensors"})");
  const std::string msg = error_of([&] { WeightSet weights(dir.path()); });
  EXPECT_TRUE(
      has(msg, dir.file("model.safetensors.index.json") +
                   ": tensor 'c' is listed in shard 'model-00001-of-00002.safetensors' but " +
                   dir.file("model-00001-of-00002.safetensors") + " does not hold it"))
      << msg;
}

TEST(WeightSet, BrokenShardIsNamed) {
  TempDir dir;
  write_sharded(dir, kGoodMap);
  testing::write_bytes(dir.file("model-00002-of-00002.safetensors"), "short");
  const std::string msg = error_of([&] { WeightSet weights(dir.path()); });
  EXPECT_TRUE(has(msg, dir.file("model-00002-of-00002.safetensors") + ": file is 5 bytes")) << msg;
}

}  // namespace
}  // namespace hycam::io
