// TextStream: the pieces printed token by token add up to the decoded continuation, spaces at
// the start kept, multi-byte characters never cut.
#include <gtest/gtest.h>

#include "generate/text_stream.h"
#include "generate_test_util.h"

namespace hycam {
namespace {

std::string streamed(const Tokenizer& tok, const std::vector<int64_t>& prompt, const std::vector<int64_t>& ids,
                     std::vector<std::string>* pieces = nullptr) {
  TextStream stream(tok, prompt);
  std::string out;
  for (int64_t id : ids) {
    auto piece = stream.push(id);
    if (pieces) pieces->push_back(piece);
    out += piece;
  }
  return out + stream.flush();
}

std::vector<int32_t> concat(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int32_t> out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

TEST(TextStream, PiecesAddUpToTheContinuation) {
  auto tok = Tokenizer::from_dir(test::stories_dir());
  auto prompt = test::golden_prompt(), gen = test::golden_greedy();
  const std::string whole = tok.decode(concat(prompt, gen), true);
  const std::string head = tok.decode(concat(prompt, {}), true);
  ASSERT_EQ(whole.compare(0, head.size(), head), 0);
  EXPECT_EQ(streamed(tok, prompt, gen), whole.substr(head.size()));
  EXPECT_EQ(streamed(tok, prompt, gen).rfind(", there", 0), 0u) << "starts with the comma, space kept later";
}

TEST(TextStream, MultiByteCharactersComeOutWhole) {
  auto tok = Tokenizer::from_dir(test::stories_dir());
  const std::string text = "Ünïcödé – café 😀";
  auto ids32 = tok.encode(text, true);
  std::vector<int64_t> ids(ids32.begin() + 1, ids32.end());  // BOS becomes the prompt
  std::vector<std::string> pieces;
  EXPECT_EQ(streamed(tok, {ids32[0]}, ids, &pieces), text);
  size_t empty = 0;
  for (const auto& p : pieces) {
    EXPECT_EQ(p.find("\xEF\xBF\xBD"), std::string::npos) << "a cut character was printed";
    empty += p.empty();
  }
  EXPECT_GT(empty, 0u) << "byte tokens of one character should be held back";
}

TEST(TextStream, EosIsNotPrintedAndAnUnfinishedCharacterIsFlushed) {
  auto tok = Tokenizer::from_dir(test::stories_dir());
  TextStream stream(tok, {1});
  EXPECT_EQ(stream.push(tok.eos_id()), "");
  const int32_t first_byte_of_emoji = tok.token_to_id("<0xF0>");
  ASSERT_GE(first_byte_of_emoji, 0);
  EXPECT_EQ(stream.push(first_byte_of_emoji), "");
  EXPECT_EQ(stream.flush(), "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace hycam
