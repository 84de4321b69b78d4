// One test per way a safetensors file can be broken: each row is the file's bytes and the part of
// the message that names the problem; every message must also name the file.
#include <gtest/gtest.h>

#include "io/safetensors.h"
#include "io_testing.h"

namespace hycam::io {
namespace {

using testing::safetensors_bytes;

struct Malformed {
  const char* name;     // test name
  std::string bytes;    // whole file
  const char* problem;  // expected in the message
};

// A header with one tensor entry "t" whose JSON body is `entry`, and `data_len` bytes of data.
std::string one_entry(const std::string& entry, size_t data_len) {
  return safetensors_bytes("{\"t\":" + entry + "}", data_len);
}

const Malformed kCases[] = {
    {"TooShort", std::string("\x05\x00\x00", 3), "3 bytes, too short for a safetensors file"},
    {"HeaderLengthZero", testing::u64_le(0) + "{}", "header length is 0"},
    {"HeaderLengthBeyondFile", testing::u64_le(100) + "{}",
     "header length 100 goes beyond the end of the file (10 bytes"},
    {"HeaderNotJson", safetensors_bytes("{\"t\":", 0), "header is not valid JSON"},
    {"HeaderNotObject", safetensors_bytes("[1,2]", 0), "header is not a JSON object (got array)"},
    {"MetadataValueNotString", safetensors_bytes("{\"__metadata__\":{\"k\":1}}", 0),
     "__metadata__ must map strings to strings; 'k' is a number"},
    {"MetadataNotObject", safetensors_bytes("{\"__metadata__\":[\"k\"]}", 0),
     "__metadata__ must map strings to strings (got array)"},
    {"EntryNotObject", one_entry("5", 0), "tensor 't': entry is not a JSON object (got number)"},
    {"UnknownDtype", one_entry(R"({"dtype":"F8","shape":[1],"data_offsets":[0,1]})", 1),
     "tensor 't': unknown dtype 'F8'"},
    {"MissingDtype", one_entry(R"({"shape":[1],"data_offsets":[0,1]})", 1),
     "tensor 't': unknown dtype missing"},
    {"ShapeNotInteger", one_entry(R"({"dtype":"U8","shape":[1.5],"data_offsets":[0,1]})", 1),
     "tensor 't': bad shape [1.5]"},
    {"ShapeNegative", one_entry(R"({"dtype":"U8","shape":[-1],"data_offsets":[0,0]})", 0),
     "tensor 't': bad shape [-1]"},
    {"ShapeNotList", one_entry(R"({"dtype":"U8","shape":"1","data_offsets":[0,1]})", 1),
     "tensor 't': bad shape \"1\""},
    {"OffsetsOneNumber", one_entry(R"({"dtype":"U8","shape":[1],"data_offsets":[1]})", 1),
     "tensor 't': bad data_offsets [1]"},
    {"OffsetsNegative", one_entry(R"({"dtype":"U8","shape":[1],"data_offsets":[-1,0]})", 1),
     "tensor 't': bad data_offsets [-1,0]"},
    {"OffsetsMissing", one_entry(R"({"dtype":"U8","shape":[1]})", 1),
     "tensor 't': bad data_offsets missing"},
    {"OffsetsOutsideData", one_entry(R"({"dtype":"U8","shape":[16],"data_offsets":[0,16]})", 8),
     "tensor 't': data_offsets [0,16] outside the data area of 8 bytes"},
    {"OffsetsEndBeforeBegin", one_entry(R"({"dtype":"U8","shape":[0],"data_offsets":[4,0]})", 8),
     "tensor 't': data_offsets end 0 < begin 4"},
    {"ByteLengthMismatch", one_entry(R"({"dtype":"F32","shape":[3],"data_offsets":[0,8]})", 8),
     "tensor 't': 8 bytes do not match shape [3] of F32 (12 bytes)"},
    {"ShapeOverflows",
     one_entry(R"({"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]})", 0),
     "tensor 't': 0 bytes do not match shape [4611686018427387904,4] of F32 (more than 2^64"},
    {"Overlap",
     safetensors_bytes(R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]},)"
                       R"("b":{"dtype":"U8","shape":[8],"data_offsets":[4,12]}})",
                       12),
     "tensor 'b' (bytes 4..12) overlaps tensor 'a' (which ends at 8)"},
    {"Hole",
     safetensors_bytes(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                       R"("b":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}})",
                       12),
     "hole of 4 bytes before tensor 'b'"},
    {"TrailingBytes", one_entry(R"({"dtype":"U8","shape":[4],"data_offsets":[0,4]})", 8),
     "tensors cover 4 bytes but the data area has 8"},
};

class MalformedFile : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedFile, IsRejectedNamingFileAndProblem) {
  testing::TempDir dir;
  const std::string path = dir.file("bad.safetensors");
  testing::write_bytes(path, GetParam().bytes);
  const std::string msg = testing::error_of([&] { SafetensorsFile file(path); });
  EXPECT_TRUE(testing::has(msg, path + ": ")) << msg;
  EXPECT_TRUE(testing::has(msg, GetParam().problem)) << msg;
}

INSTANTIATE_TEST_SUITE_P(Safetensors, MalformedFile, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Safetensors, MissingFileIsNamed) {
  const std::string msg =
      testing::error_of([] { SafetensorsFile file("/nonexistent/x.safetensors"); });
  EXPECT_TRUE(testing::has(msg, "/nonexistent/x.safetensors: cannot open")) << msg;
}

TEST(Safetensors, FolderIsNotAFile) {
  testing::TempDir dir;
  const std::string msg = testing::error_of([&] { SafetensorsFile file(dir.path()); });
  EXPECT_TRUE(testing::has(msg, dir.path() + ": not a regular file")) << msg;
}

TEST(Safetensors, ZeroSizeTensorsAnywhereAreAllowed) {
  testing::TempDir dir;
  const std::string path = dir.file("zeros.safetensors");
  testing::write_bytes(
      path, safetensors_bytes(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                              R"("z":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},)"
                              R"("y":{"dtype":"I64","shape":[0],"data_offsets":[0,0]}})",
                              4));
  SafetensorsFile file(path);
  EXPECT_EQ(file.names(), (std::vector<std::string>{"y", "a", "z"}));
  EXPECT_EQ(file.tensor("z").nbytes, 0u);
  EXPECT_EQ(file.tensor("z").numel(), 0);
}

TEST(Safetensors, EmptyTensorWithHugeDimensions) {
  testing::TempDir dir;
  const std::string path = dir.file("huge_empty.safetensors");
  testing::write_bytes(
      path,
      safetensors_bytes(
          R"({"e":{"dtype":"F32","shape":[4611686018427387904,4,0],"data_offsets":[0,0]}})", 0));
  SafetensorsFile file(path);
  EXPECT_EQ(file.tensor("e").numel(), 0);
  EXPECT_EQ(file.tensor("e").nbytes, 0u);
}

TEST(Safetensors, NullMetadataMeansNone) {
  testing::TempDir dir;
  const std::string path = dir.file("null_meta.safetensors");
  testing::write_bytes(path, safetensors_bytes(R"({"__metadata__":null})", 0));
  EXPECT_TRUE(SafetensorsFile(path).metadata().empty());
}

}  // namespace
}  // namespace hycam::io
