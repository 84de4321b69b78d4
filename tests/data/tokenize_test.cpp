// Tokenized samples with the stories260K tokenizer (vocab 512, BOS 1, EOS 2): the loss mask covers
// exactly the response and EOS (checked by decoding the target tokens), loss_on_prompt, and
// truncation that never drops a sample and keeps some response.
#include "data/tokenize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "data_test_util.h"

namespace hycam::data {
namespace {

using test::stories_tokenizer;
using Ids = std::vector<int32_t>;

Ids targets_of(const Sample& s) {
  Ids out;
  for (size_t t = 0; t < s.ids.size(); ++t)
    if (s.is_target[t]) out.push_back(s.ids[t]);
  return out;
}

size_t first_target(const Sample& s) {
  return static_cast<size_t>(std::find(s.is_target.begin(), s.is_target.end(), 1) - s.is_target.begin());
}

std::string repeat(const std::string& word, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + word;
  return out;
}

const Example kExample = {"Tell a story about a cat.", "", "Once upon a time, there was a little cat named Tom."};

TEST(Tokenize, TargetsAreExactlyTheResponseAndEos) {
  const Tokenizer& tok = stories_tokenizer();
  const Sample s = tokenize_example(tok, kExample, 3, TokenizeOptions{});
  EXPECT_EQ(s.task, 3);
  EXPECT_FALSE(s.truncated);
  ASSERT_EQ(s.ids.size(), s.is_target.size());
  const Ids prompt = tok.encode(format_prompt(kExample, Template::Alpaca));
  EXPECT_EQ(prompt.front(), 1);  // BOS from the tokenizer's own add_special
  EXPECT_EQ(Ids(s.ids.begin(), s.ids.begin() + prompt.size()), prompt);
  EXPECT_EQ(first_target(s), prompt.size());
  Ids targets = targets_of(s);
  EXPECT_EQ(targets.size(), s.ids.size() - prompt.size());  // contiguous to the end
  ASSERT_EQ(targets.back(), 2);                             // EOS
  targets.pop_back();
  EXPECT_EQ(tok.decode(targets), kExample.output);
  EXPECT_EQ(tok.decode(Ids(s.ids.begin(), s.ids.begin() + prompt.size()), true),
            format_prompt(kExample, Template::Alpaca));
}

TEST(Tokenize, LossOnPromptMakesEveryTokenAfterBosATarget) {
  TokenizeOptions o;
  o.loss_on_prompt = true;
  const Sample s = tokenize_example(stories_tokenizer(), kExample, 0, o);
  EXPECT_EQ(s.is_target[0], 0);
  EXPECT_TRUE(std::all_of(s.is_target.begin() + 1, s.is_target.end(), [](uint8_t x) { return x == 1; }));
  EXPECT_EQ(s.ids, tokenize_example(stories_tokenizer(), kExample, 0, TokenizeOptions{}).ids);
}

TEST(Tokenize, PlainTemplate) {
  TokenizeOptions o;
  o.prompt_template = Template::Plain;
  const Sample s = tokenize_example(stories_tokenizer(), kExample, 0, o);
  EXPECT_EQ(first_target(s), stories_tokenizer().encode("Tell a story about a cat.\n").size());
}

TEST(Tokenize, LongResponseLosesItsTail) {
  const Tokenizer& tok = stories_tokenizer();
  const Example e = {"Count.", "", repeat("one two three", 100)};
  TokenizeOptions o;
  o.max_len = 160;  // the Alpaca prompt is 100 tokens here
  const Sample s = tokenize_example(tok, e, 0, o);
  const Ids prompt = tok.encode(format_prompt(e, Template::Alpaca));
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(s.ids.size(), 160u);
  EXPECT_EQ(Ids(s.ids.begin(), s.ids.begin() + prompt.size()), prompt);  // the prompt is whole
  EXPECT_NE(s.ids.back(), 2);                                            // no EOS for a cut answer
  const Ids response = tok.encode(e.output, false);
  EXPECT_EQ(targets_of(s), Ids(response.begin(), response.begin() + (160 - prompt.size())));
}

TEST(Tokenize, LongPromptIsCutFromItsStartKeepingBos) {
  const Tokenizer& tok = stories_tokenizer();
  const Example e = {repeat("cat dog", 200), "", repeat("one two three", 100)};
  TokenizeOptions o;
  o.max_len = 128;
  const Sample s = tokenize_example(tok, e, 0, o);
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(s.ids.size(), 128u);
  EXPECT_EQ(s.ids[0], 1);
  EXPECT_EQ(targets_of(s).size(), 32u);  // max_len / 4 response tokens remain
  // The prompt keeps its end: "### Response:\n" right before the response.
  const Ids prompt = tok.encode(format_prompt(e, Template::Alpaca));
  EXPECT_TRUE(std::equal(prompt.end() - 95, prompt.end(), s.ids.begin() + 1));
}

TEST(Tokenize, ShortResponseAfterLongPromptIsKeptWhole) {
  const Tokenizer& tok = stories_tokenizer();
  const Example e = {repeat("cat dog", 200), "", "Yes."};
  TokenizeOptions o;
  o.max_len = 128;
  const Sample s = tokenize_example(tok, e, 0, o);
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(s.ids.size(), 128u);
  Ids targets = targets_of(s);
  ASSERT_EQ(targets.back(), 2);
  targets.pop_back();
  EXPECT_EQ(tok.decode(targets), "Yes.");
}

TEST(Tokenize, MaxLenBelow8IsRefused) {
  TokenizeOptions o;
  o.max_len = 7;
  EXPECT_TRUE(test::contains(test::error_of([&] { tokenize_example(stories_tokenizer(), kExample, 0, o); }),
                             "max_len 7: must be at least 8"));
}

// dolly_2k at a short max_len (its Alpaca prompts alone are about 100 tokens here): many samples are cut, none is
// dropped, each keeps targets.
TEST(Tokenize, RealDataTruncationNeverDropsASample) {
  const auto examples = load_examples(shared_path("data/dolly_2k.json"));
  TokenizeOptions o;
  o.max_len = 192;
  TokenizeStats stats;
  const auto samples = tokenize_examples(stories_tokenizer(), examples, 0, o, &stats);
  ASSERT_EQ(samples.size(), examples.size());
  EXPECT_EQ(stats.samples, 2000);
  int64_t truncated = 0, tokens = 0, targets = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    const Sample& s = samples[i];
    const size_t response = stories_tokenizer().encode(examples[i].output, false).size() + 1;  // + EOS
    EXPECT_LE(s.ids.size(), 192u);
    EXPECT_GE(targets_of(s).size(), std::min<size_t>(response, 192 / 4)) << "sample " << i;
    truncated += s.truncated;
    tokens += static_cast<int64_t>(s.ids.size());
    targets += static_cast<int64_t>(targets_of(s).size());
  }
  EXPECT_EQ(stats.truncated, truncated);
  EXPECT_EQ(stats.tokens, tokens);
  EXPECT_EQ(stats.target_tokens, targets);
  EXPECT_GT(truncated, 0);
  std::cout << "dolly_2k at max_len 192: " << truncated << " of " << samples.size() << " truncated, " << tokens
            << " tokens, " << targets << " targets\n";
}

}  // namespace
}  // namespace hycam::data
