// Loading the 11 MB Qwen3 tokenizer.json and encoding the 400 data texts with a cold cache: prints
// the time taken as one JSON line (a measurement, not a timed assertion) and checks the id count.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace hycam {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(Speed, Qwen3LoadAndEncode400Texts) {
  const auto cases = test::read_golden(shared_path("tokenizers/qwen3/golden_ids.json"));
  const std::vector<test::GoldenCase> texts(cases.end() - 400, cases.end());
  size_t bytes = 0;
  size_t golden_ids = 0;
  for (const auto& c : texts) bytes += c.text.size(), golden_ids += c.ids.size();

  auto t0 = std::chrono::steady_clock::now();
  const Tokenizer tok = Tokenizer::from_dir(shared_path("tokenizers/qwen3"));
  const double load_s = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  size_t n_ids = 0;
  for (const auto& c : texts) n_ids += tok.encode(c.text).size();
  const double encode_s = seconds_since(t0);

  std::printf(
      "{\"bench\": \"tokenizer_qwen3\", \"load_s\": %.3f, \"texts\": %zu, \"bytes\": %zu, "
      "\"ids\": %zu, \"encode_s\": %.4f, \"MB_per_s\": %.2f}\n",
      load_s, texts.size(), bytes, n_ids, encode_s, bytes / encode_s / 1e6);
  EXPECT_EQ(n_ids, golden_ids);
}

}  // namespace
}  // namespace hycam
