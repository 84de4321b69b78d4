// `hycam tokenize` and `hycam generate` run as a user runs them: golden ids, a decode round trip,
// a streamed greedy continuation, and the exit status and message of bad flags and folders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/run_hycam.h"
#include "golden.h"
#include "tokenizer/tokenizer.h"

namespace hycam {
namespace {

using test::chomp;
using test::hycam;

TEST(TokenizeCli, IdsEqualTheGoldenIds) {
  auto golden = test::read_json("models/stories260K/golden/tokenizer_ids.json");
  ASSERT_GE(golden["cases"].size(), 5u);
  for (const auto& c : golden["cases"]) {
    auto r = hycam({"tokenize", "--model", test::stories_dir(), "--text", c["text"].get<std::string>()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out), c["ids"]) << c["text"];
  }
}

TEST(TokenizeCli, TextFileAndDecodeRoundTrip) {
  const std::string text = "Lily saw a big, red ball.\n    Ünïcödé 😀";
  const auto path = (std::filesystem::temp_directory_path() / ("hycam-tok-" + std::to_string(::getpid()) + ".txt")).string();
  std::ofstream(path, std::ios::binary) << text;
  auto enc = hycam({"tokenize", "--model", test::stories_dir(), "--text-file", path});
  std::filesystem::remove(path);
  ASSERT_EQ(enc.status, 0) << enc.err;
  auto ids = nlohmann::json::parse(enc.out);
  EXPECT_EQ(ids[0], 1) << "BOS added, as tokenizer_config.json says";
  auto dec = hycam({"tokenize", "--model", test::stories_dir(), "--decode", "--text", chomp(enc.out)});
  ASSERT_EQ(dec.status, 0) << dec.err;
  EXPECT_EQ(chomp(dec.out), text);
  // A comma list works too, and --keep-special shows BOS.
  auto list = hycam({"tokenize", "--model", test::stories_dir(), "--decode", "--keep-special", "--text", "1, 403,407,261,378"});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_EQ(chomp(list.out).rfind("<s>", 0), 0u) << list.out;
  EXPECT_NE(list.out.find("Once upon a time"), std::string::npos) << list.out;
  auto bad = hycam({"tokenize", "--model", test::stories_dir(), "--decode", "--text", "1,x"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("'x'"), std::string::npos) << bad.err;
}

TEST(GenerateCli, GreedyContinuationIsStreamedToStdout) {
  auto r = hycam({"generate", "--model", test::stories_dir(), "--prompt", "Once upon a time", "--max-new-tokens", "20"});
  ASSERT_EQ(r.status, 0) << r.err;
  // The golden greedy ids from this prompt, decoded after the prompt's own text.
  auto tok = Tokenizer::from_dir(test::stories_dir());
  auto golden = test::read_json("models/stories260K/golden/greedy_60.json");
  std::vector<int32_t> prompt = golden["prompt"], all = prompt;
  for (size_t i = 0; i < 20; ++i) all.push_back(golden["generated"][i].get<int32_t>());
  const std::string expected = tok.decode(all, true).substr(tok.decode(prompt, true).size());
  EXPECT_FALSE(chomp(r.out).empty());
  EXPECT_EQ(r.out, expected + "\n");
  EXPECT_NE(r.err.find("sampling: greedy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("20 tokens"), std::string::npos) << r.err;
}

TEST(GenerateCli, AdapterOptionsAreReportedWithOverrides) {
  auto r = hycam({"generate", "--model", test::stories_dir(), "--prompt", "Once upon a time", "--max-new-tokens", "8",
                  "--adapter", test::stories_dir() + "/golden/adapter_k4_r8.safetensors", "--placement", "attn",
                  "--temperature", "0.8", "--top-k", "20", "--seed", "3"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("method=hycam experts=4 rank=8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("placement=attn"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("top-k 20"), std::string::npos) << r.err;
  EXPECT_FALSE(chomp(r.out).empty());
}

void expect_failure(const std::vector<std::string>& args, const std::string& needle) {
  auto r = hycam(args);
  EXPECT_NE(r.status, 0) << "stdout: " << r.out;
  EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr: " << r.err;
}

TEST(GenerateCli, BadFlagsAndFoldersFailWithAMessage) {
  const std::vector<std::string> base = {"generate", "--model", test::stories_dir(), "--prompt", "Once"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  expect_failure(with({"--temperature", "-1"}), "temperature");
  expect_failure(with({"--top-p", "1.5"}), "top-p");
  expect_failure(with({"--top-k", "-2"}), "top-k");
  expect_failure(with({"--placement", "attn"}), "--adapter");
  const std::string missing = "/nonexistent/hycam-model-folder";
  expect_failure({"generate", "--model", missing, "--prompt", "Once"}, missing);
  expect_failure({"tokenize", "--model", missing, "--text", "Once"}, missing);
  expect_failure(with({"--adapter", "/nonexistent/adapter.safetensors"}), "/nonexistent/adapter.safetensors");
}

}  // namespace
}  // namespace hycam
