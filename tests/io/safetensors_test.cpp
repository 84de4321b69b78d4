// Writing then reading safetensors files: values, shapes, metadata, layout; the shared model files;
// and the atomic-write guarantees.
#include "io/safetensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>

#include "io_testing.h"
#include "util/shared_path.h"

namespace hycam::io {
namespace {

using testing::error_of;
using testing::has;
using testing::TempDir;
using testing::values_of;

template <typename T>
TensorToWrite tensor_of(const std::string& name, DType dtype, std::vector<int64_t> shape,
                        const std::vector<T>& values) {
  return {name, dtype, std::move(shape), values.data(), values.size() * sizeof(T)};
}

TEST(Dtype, NamesSizesAndParsing) {
  EXPECT_EQ(dtype_size(DType::BF16), 2u);
  EXPECT_EQ(dtype_size(DType::I64), 8u);
  EXPECT_EQ(dtype_size(DType::BOOL), 1u);
  EXPECT_STREQ(dtype_name(DType::F16), "F16");
  EXPECT_EQ(parse_dtype("BF16", "here"), DType::BF16);
  const std::string msg = error_of([] { parse_dtype("F8_E4M3", "x.safetensors: tensor 'w'"); });
  EXPECT_TRUE(has(msg, "x.safetensors: tensor 'w': unknown dtype 'F8_E4M3'")) << msg;
}

TEST(Safetensors, RoundTripKeepsValuesShapesAndMetadata) {
  TempDir dir;
  const std::string path = dir.file("rt.safetensors");
  const std::vector<float> f32 = {1.5f, -2.25f, 3.0f, 0.0f, -0.0f, 1e-30f};
  const std::vector<uint16_t> f16 = {f32_to_f16(1.0f), f32_to_f16(-0.5f), f32_to_f16(65504.0f)};
  const std::vector<uint16_t> bf16 = {f32_to_bf16(1.0f), f32_to_bf16(0.1f), f32_to_bf16(-3.0f)};
  const std::vector<int64_t> i64 = {-1, 0, int64_t(1) << 40, std::numeric_limits<int64_t>::min()};
  const std::vector<float> scalar = {42.0f};
  write_safetensors(
      path,
      {tensor_of("w.f32", DType::F32, {2, 3}, f32), tensor_of("w.f16", DType::F16, {3}, f16),
       tensor_of("w.bf16", DType::BF16, {3, 1}, bf16), tensor_of("ids", DType::I64, {2, 2}, i64),
       tensor_of("scalar", DType::F32, {}, scalar),
       TensorToWrite{"empty", DType::F32, {0, 5}, nullptr, 0}},
      {{"method", "hycam"}, {"num_experts", "4"}, {"note", "ünïcode"}});

  SafetensorsFile file(path);
  EXPECT_EQ(file.path(), path);
  const std::map<std::string, std::string> meta = {
      {"method", "hycam"}, {"num_experts", "4"}, {"note", "ünïcode"}};
  EXPECT_EQ(file.metadata(), meta);
  // names() follows the bytes, which follow the write order; the empty tensor sits at the end.
  EXPECT_EQ(file.names(),
            (std::vector<std::string>{"w.f32", "w.f16", "w.bf16", "ids", "scalar", "empty"}));
  const TensorView& a = file.tensor("w.f32");
  EXPECT_EQ(a.dtype, DType::F32);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.numel(), 6);
  EXPECT_EQ(values_of<float>(a.data, a.nbytes), f32);
  const TensorView& h = file.tensor("w.f16");
  EXPECT_EQ(h.dtype, DType::F16);
  std::vector<float> widened;
  for (uint16_t v : values_of<uint16_t>(h.data, h.nbytes)) widened.push_back(f16_to_f32(v));
  EXPECT_EQ(widened, (std::vector<float>{1.0f, -0.5f, 65504.0f}));
  const TensorView& i = file.tensor("ids");
  EXPECT_EQ(i.dtype, DType::I64);
  EXPECT_EQ(i.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(values_of<int64_t>(i.data, i.nbytes), i64);
  EXPECT_EQ(file.tensor("scalar").numel(), 1);
  EXPECT_EQ(values_of<float>(file.tensor("scalar").data, 4), scalar);
  EXPECT_EQ(file.tensor("empty").nbytes, 0u);
  EXPECT_EQ(file.tensor("empty").numel(), 0);
  EXPECT_EQ(file.tensor("empty").shape, (std::vector<int64_t>{0, 5}));
}

TEST(Safetensors, Bf16BitsOnDiskAreRoundedToNearestEven) {
  TempDir dir;
  const std::string path = dir.file("bf16.safetensors");
  // 1 + 2^-8 and 1 + 3*2^-8 are exact ties; 0.1f = 0x3DCCCCCD rounds up; pi = 0x40490FDB down.
  std::vector<uint16_t> bits;
  for (float f : {1.0f + 0.00390625f, 1.0f + 3 * 0.00390625f, 0.1f, 3.14159274f})
    bits.push_back(f32_to_bf16(f));
  write_safetensors(path, {tensor_of("b", DType::BF16, {2, 2}, bits)});
  SafetensorsFile file(path);
  const TensorView& b = file.tensor("b");
  EXPECT_EQ(b.dtype, DType::BF16);
  EXPECT_EQ(b.shape, (std::vector<int64_t>{2, 2}));
  const std::vector<uint16_t> on_disk = values_of<uint16_t>(b.data, b.nbytes);
  EXPECT_EQ(on_disk, (std::vector<uint16_t>{0x3F80, 0x3F82, 0x3DCD, 0x4049}));
  EXPECT_EQ(bf16_to_f32(on_disk[1]), 1.015625f);  // 1 + 2^-6: the tie went up
  EXPECT_EQ(bf16_to_f32(on_disk[3]), 3.140625f);
}

TEST(Safetensors, HeaderIsPaddedSoDataIsEightByteAligned) {
  TempDir dir;
  const std::vector<uint8_t> byte = {7};
  for (const std::string name : {"a", "ab", "abc", "abcdefgh"}) {
    const std::string path = dir.file(name + ".safetensors");
    write_safetensors(path, {tensor_of(name, DType::U8, {1}, byte)});
    const std::string raw = testing::read_bytes(path);
    uint64_t n = 0;
    std::memcpy(&n, raw.data(), 8);
    EXPECT_EQ((8 + n) % 8, 0u) << name;
    EXPECT_EQ(raw.size(), 8 + n + 1);
    EXPECT_EQ(SafetensorsFile(path).tensor(name).data[0], 7);
  }
}

TEST(Safetensors, NoTensorsAndNoMetadataIsAValidFile) {
  TempDir dir;
  write_safetensors(dir.file("none.safetensors"), {});
  SafetensorsFile file(dir.file("none.safetensors"));
  EXPECT_TRUE(file.names().empty());
  EXPECT_TRUE(file.metadata().empty());
}

TEST(Safetensors, MovedFileKeepsItsViews) {
  TempDir dir;
  const std::vector<float> v = {1, 2, 3};
  write_safetensors(dir.file("m.safetensors"), {tensor_of("v", DType::F32, {3}, v)});
  SafetensorsFile first(dir.file("m.safetensors"));
  const TensorView* view = &first.tensor("v");
  SafetensorsFile second(std::move(first));
  EXPECT_EQ(&second.tensor("v"), view);
  EXPECT_EQ(values_of<float>(view->data, view->nbytes), v);
}

TEST(Safetensors, ReadsTheSharedStoriesModel) {
  SafetensorsFile file(shared_path("models/stories260K/model.safetensors"));
  EXPECT_EQ(file.names().size(), 48u);
  EXPECT_EQ(file.names().front(), "model.embed_tokens.weight");
  EXPECT_EQ(file.metadata().at("format"), "pt");
  const TensorView& embed = file.tensor("model.embed_tokens.weight");
  EXPECT_EQ(embed.dtype, DType::F32);
  EXPECT_EQ(embed.shape, (std::vector<int64_t>{512, 64}));
  EXPECT_EQ(embed.nbytes, 512u * 64 * 4);
  // First values, read with Python's struct from the same bytes.
  const std::vector<float> head = values_of<float>(embed.data, 16);
  EXPECT_EQ(head, (std::vector<float>{-0.29474878311157227f, 0.5618956089019775f,
                                      0.1754225343465805f, 0.34057360887527466f}));
  EXPECT_EQ(file.tensor("model.layers.0.self_attn.k_proj.weight").shape,
            (std::vector<int64_t>{32, 64}));
}

TEST(Safetensors, ReadsTheGoldenAdapterMetadata) {
  SafetensorsFile file(shared_path("models/stories260K/golden/adapter_k4_r8.safetensors"));
  EXPECT_EQ(file.metadata().at("method"), "hycam");
  EXPECT_EQ(file.metadata().at("num_experts"), "4");
  EXPECT_EQ(file.metadata().at("rank"), "8");
  EXPECT_EQ(file.names().size(), 140u);  // 5 layers x (shared, router: 4; 4 experts x 6)
  const TensorView& router = file.tensor("model.layers.0.cam.router.weight");
  EXPECT_EQ(router.dtype, DType::F32);
  EXPECT_EQ(router.shape, (std::vector<int64_t>{4, 64}));
}

TEST(Safetensors, MissingTensorIsNamed) {
  TempDir dir;
  write_safetensors(dir.file("x.safetensors"), {});
  SafetensorsFile file(dir.file("x.safetensors"));
  EXPECT_FALSE(file.contains("w"));
  const std::string msg = error_of([&] { file.tensor("w"); });
  EXPECT_TRUE(has(msg, dir.file("x.safetensors") + ": no tensor 'w'")) << msg;
}

// ---- writing: bad input and atomicity ----

TEST(SafetensorsWrite, OverwritesAtomicallyAndLeavesNoTempFile) {
  TempDir dir;
  const std::string path = dir.file("out.safetensors");
  testing::write_bytes(path, "old contents");
  const std::vector<float> v = {1, 2};
  write_safetensors(path, {tensor_of("v", DType::F32, {2}, v)});
  EXPECT_EQ(dir.listing(), std::vector<std::string>{"out.safetensors"});
  EXPECT_EQ(values_of<float>(SafetensorsFile(path).tensor("v").data, 8), v);
}

TEST(SafetensorsWrite, BadInputLeavesTheTargetUntouched) {
  TempDir dir;
  const std::string path = dir.file("out.safetensors");
  testing::write_bytes(path, "old contents");
  const std::vector<float> v = {1, 2, 3};
  const std::string msg = error_of([&] {
    write_safetensors(path, {tensor_of("v", DType::F32, {2, 2}, v)});
  });
  EXPECT_TRUE(has(msg, path + ": tensor 'v': 12 bytes given, shape [2,2] of F32 needs 16")) << msg;
  EXPECT_EQ(testing::read_bytes(path), "old contents");
  EXPECT_EQ(dir.listing(), std::vector<std::string>{"out.safetensors"});
}

TEST(SafetensorsWrite, FailedRenameLeavesTargetAndNoTempFile) {
  TempDir dir;
  // The target is a non-empty folder: the temp file is written, then the rename over it fails.
  const std::string path = dir.file("target");
  std::filesystem::create_directory(path);
  testing::write_bytes(path + "/keep", "kept");
  const std::vector<float> v = {1};
  const std::string msg =
      error_of([&] { write_safetensors(path, {tensor_of("v", DType::F32, {1}, v)}); });
  EXPECT_TRUE(has(msg, path)) << msg;
  EXPECT_EQ(dir.listing(), std::vector<std::string>{"target"});
  EXPECT_EQ(testing::read_bytes(path + "/keep"), "kept");
}

TEST(SafetensorsWrite, RejectsDuplicateReservedAndNegative) {
  TempDir dir;
  const std::string path = dir.file("bad.safetensors");
  const std::vector<float> v = {1};
  std::string msg = error_of([&] {
    write_safetensors(path,
                      {tensor_of("v", DType::F32, {1}, v), tensor_of("v", DType::F32, {1}, v)});
  });
  EXPECT_TRUE(has(msg, path + ": tensor 'v' is given twice")) << msg;
  msg = error_of([&] { write_safetensors(path, {tensor_of("__metadata__", DType::F32, {1}, v)}); });
  EXPECT_TRUE(has(msg, "reserved")) << msg;
  msg = error_of([&] {
    write_safetensors(path, {TensorToWrite{"n", DType::F32, {-1}, nullptr, 0}});
  });
  EXPECT_TRUE(has(msg, path + ": tensor 'n': negative dimension")) << msg;
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(dir.listing().empty());
}

}  // namespace
}  // namespace hycam::io
