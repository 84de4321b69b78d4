// Malformed or unsupported inputs are refused with a hycam::Error naming the file and the problem.
#include <gtest/gtest.h>

#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"
#include "util/error.h"

namespace hycam {
namespace {

using nlohmann::json;

// The message of the hycam::Error that loading `tokenizer_json` throws ("" if it loads).
std::string load_error(const std::string& tokenizer_json, const std::string& config = "") {
  try {
    Tokenizer::from_files(tokenizer_json, config);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A minimal valid byte-level BPE tokenizer.json; tests break one part of it.
json minimal() {
  return {
      {"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}, {"ab", 2}}}, {"merges", {"a b"}}}},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
      {"decoder", {{"type", "ByteLevel"}}}};
}

class Errors : public ::testing::Test {
 protected:
  test::TempDir dir{"hycam-tok-errors"};
  std::string write(const json& j) { return dir.write("tokenizer.json", j.dump()); }
};

#define EXPECT_MESSAGE_HAS(message, part) \
  EXPECT_NE((message).find(part), std::string::npos) << (message)

TEST_F(Errors, MinimalFileLoads) {
  const std::string file = write(minimal());
  EXPECT_EQ(load_error(file), "");
  EXPECT_EQ(Tokenizer::from_files(file, "").encode("ab"), (std::vector<int32_t>{2}));
}

TEST_F(Errors, MissingFile) {
  const std::string missing = dir.path() + "/nope/tokenizer.json";
  const std::string msg = load_error(missing);
  EXPECT_MESSAGE_HAS(msg, missing);
  EXPECT_MESSAGE_HAS(msg, "cannot open");
  EXPECT_MESSAGE_HAS(load_error(write(minimal()), dir.path() + "/tokenizer_config.json"),
                     "tokenizer_config.json");
  try {
    Tokenizer::from_dir(dir.path() + "/empty");
    ADD_FAILURE() << "from_dir of a folder without tokenizer.json loaded";
  } catch (const Error& e) {
    EXPECT_MESSAGE_HAS(std::string(e.what()), "empty/tokenizer.json");
  }
}

TEST_F(Errors, InvalidJson) {
  const std::string file = dir.write("tokenizer.json", "{\"model\": {\"type\": \"BPE\",");
  const std::string msg = load_error(file);
  EXPECT_MESSAGE_HAS(msg, file);
  EXPECT_MESSAGE_HAS(msg, "invalid JSON");
}

TEST_F(Errors, UnsupportedModelType) {
  json j = minimal();
  j["model"]["type"] = "WordPiece";
  const std::string file = write(j);
  const std::string msg = load_error(file);
  EXPECT_MESSAGE_HAS(msg, file);
  EXPECT_MESSAGE_HAS(msg, "unsupported model type 'WordPiece'");
}

TEST_F(Errors, UnsupportedPreTokenizer) {
  json j = minimal();
  j["pre_tokenizer"] = {{"type", "Sequence"}, {"pretokenizers", {{{"type", "Whitespace"}}}}};
  const std::string file = write(j);
  const std::string msg = load_error(file);
  EXPECT_MESSAGE_HAS(msg, file);
  EXPECT_MESSAGE_HAS(msg, "unsupported pre_tokenizer type 'Whitespace'");
}

TEST_F(Errors, UnsupportedNormalizerDecoderPostProcessor) {
  json j = minimal();
  j["normalizer"] = {{"type", "Lowercase"}};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "unsupported normalizer type 'Lowercase'");
  j = minimal();
  j["decoder"] = {{"type", "WordPiece"}};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "unsupported decoder type 'WordPiece'");
  j = minimal();
  j["post_processor"] = {{"type", "BertProcessing"}};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "unsupported post_processor type 'BertProcessing'");
}

TEST_F(Errors, BadMergesAndFields) {
  json j = minimal();
  j["model"]["merges"] = {"a c"};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "model.merges[0] ('a', 'c') uses a token missing");
  j = minimal();
  j["model"]["merges"] = {"ab"};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "model.merges[0] = 'ab' is not of the form");
  j = minimal();
  j["model"]["dropout"] = 0.1;
  EXPECT_MESSAGE_HAS(load_error(write(j)), "model.dropout");
  j = minimal();
  j["pre_tokenizer"] = {
      {"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "cannot compile regex '(unclosed'");
  j = minimal();
  j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "a"}}}, {"behavior", "Sideways"}};
  EXPECT_MESSAGE_HAS(load_error(write(j)), "unsupported behavior 'Sideways'");
}

TEST_F(Errors, ConfigNamesUnknownToken) {
  const std::string file = write(minimal());
  const std::string config =
      dir.write("tokenizer_config.json", R"({"bos_token": "<s>", "add_bos_token": true})");
  const std::string msg = load_error(file, config);
  EXPECT_MESSAGE_HAS(msg, config);
  EXPECT_MESSAGE_HAS(msg, "bos_token '<s>' is not in the vocabulary");
}

TEST_F(Errors, InvalidUtf8Text) {
  const Tokenizer tok = Tokenizer::from_files(write(minimal()), "");
  try {
    tok.encode("ab\xC3");
    ADD_FAILURE() << "invalid UTF-8 was encoded";
  } catch (const Error& e) {
    EXPECT_MESSAGE_HAS(std::string(e.what()), "not valid UTF-8 (byte 2)");
  }
}

}  // namespace
}  // namespace hycam
