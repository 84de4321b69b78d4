// The real tokenizers in shared/ against the ids Hugging Face's tokenizers return for them, and
// decode(encode(text)) back to the text.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace hycam {
namespace {

using test::GoldenCase;
using test::read_golden;

// Counts the cases whose ids match and reports the first few that do not.
size_t count_matching(const Tokenizer& tok, const std::vector<GoldenCase>& cases) {
  size_t matching = 0, reported = 0;
  for (const GoldenCase& c : cases) {
    const std::vector<int32_t> ids = tok.encode(c.text);
    if (ids == c.ids)
      ++matching;
    else if (reported++ < 5)
      ADD_FAILURE() << "ids differ for text: " << c.text.substr(0, 120);
  }
  return matching;
}

TEST(GoldenIds, Stories260K) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("models/stories260K"));
  const auto cases = read_golden(shared_path("models/stories260K/golden/tokenizer_ids.json"));
  ASSERT_EQ(cases.size(), 7u);
  EXPECT_EQ(count_matching(tok, cases), cases.size());
  EXPECT_EQ(tok.bos_id(), 1);
  EXPECT_EQ(tok.eos_id(), 2);
  EXPECT_EQ(tok.pad_id(), -1);
  EXPECT_EQ(tok.vocab_size(), 512u);
}

TEST(GoldenIds, Qwen3) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("tokenizers/qwen3"));
  const auto cases = read_golden(shared_path("tokenizers/qwen3/golden_ids.json"));
  ASSERT_EQ(cases.size(), 421u);
  const size_t matching = count_matching(tok, cases);
  std::printf("qwen3: %zu/%zu ids match\n", matching, cases.size());
  EXPECT_EQ(matching, cases.size());
  EXPECT_EQ(tok.bos_id(), -1);      // bos_token is null in tokenizer_config.json
  EXPECT_EQ(tok.eos_id(), 151645);  // <|im_end|>
  EXPECT_EQ(tok.pad_id(), 151643);  // <|endoftext|>
  EXPECT_EQ(tok.vocab_size(), 151669u);
  EXPECT_EQ(tok.id_to_token(151667), "<think>");
}

TEST(GoldenIds, MistralLlama) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("tokenizers/mistral-llama"));
  const auto cases = read_golden(shared_path("tokenizers/mistral-llama/golden_ids.json"));
  ASSERT_EQ(cases.size(), 421u);
  const size_t matching = count_matching(tok, cases);
  std::printf("mistral-llama: %zu/%zu ids match\n", matching, cases.size());
  EXPECT_EQ(matching, cases.size());
  EXPECT_EQ(tok.bos_id(), 1);
  EXPECT_EQ(tok.eos_id(), 2);
  EXPECT_EQ(tok.pad_id(), -1);
  EXPECT_EQ(tok.vocab_size(), 32000u);
  EXPECT_EQ(tok.encode("Hi", /*add_special=*/false), (std::vector<int32_t>{15359}));
}

// Without tokenizer_config.json the TemplateProcessing post_processor decides: BOS <s> first.
TEST(GoldenIds, MistralLlamaWithoutConfigUsesTemplate) {
  const Tokenizer tok =
      Tokenizer::from_files(shared_path("tokenizers/mistral-llama/tokenizer.json"), "");
  const auto cases = read_golden(shared_path("tokenizers/mistral-llama/golden_ids.json"));
  EXPECT_EQ(count_matching(tok, cases), cases.size());
  EXPECT_EQ(tok.bos_id(), 1);
  EXPECT_EQ(tok.eos_id(), -1);
}

// encode is const and shares one word cache: threads encoding at once must all get the golden ids.
TEST(GoldenIds, Qwen3FromFourThreadsAtOnce) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("tokenizers/qwen3"));
  const auto cases = read_golden(shared_path("tokenizers/qwen3/golden_ids.json"));
  std::atomic<size_t> matching{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (const GoldenCase& c : cases) matching += tok.encode(c.text) == c.ids;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(matching.load(), 4 * cases.size());
}

}  // namespace
}  // namespace hycam
