// ROUGE-1/2/L F-measures against values worked by hand; each expected number was also checked
// against rouge_score (default tokenizer, nltk 3.8 Porter stemmer).
#include <gtest/gtest.h>

#include "metrics/rouge.h"
#include "util/error.h"

namespace hycam::metrics {
namespace {

using Tokens = std::vector<std::string>;
constexpr double kTol = 1e-12;

void expect_scores(const RougeScores& s, double r1, double r2, double rl) {
  EXPECT_NEAR(s.rouge1, r1, kTol);
  EXPECT_NEAR(s.rouge2, r2, kTol);
  EXPECT_NEAR(s.rougeL, rl, kTol);
}

TEST(TokenizeRouge, LowercasesAndSplitsOnNonAlphanumerics) {
  EXPECT_EQ(tokenize_rouge("The cat's 2nd-best mat!", false),
            (Tokens{"the", "cat", "s", "2nd", "best", "mat"}));
  EXPECT_TRUE(tokenize_rouge("!!! ...", false).empty());
}

TEST(TokenizeRouge, NonAsciiLettersAreSeparators) {
  // [^a-z0-9] is applied after lowercasing, so "é", "ï", "ß" and CJK split words.
  EXPECT_EQ(tokenize_rouge("café au lait", false), (Tokens{"caf", "au", "lait"}));
  EXPECT_EQ(tokenize_rouge("naïve Straße", false), (Tokens{"na", "ve", "stra", "e"}));
  EXPECT_EQ(tokenize_rouge("日本語 text", false), (Tokens{"text"}));
  EXPECT_EQ(tokenize_rouge("ÉCOLE École", false), (Tokens{"cole", "cole"}));
  // The two characters whose Python lowercase is ASCII: U+0130 -> "i" + U+0307, Kelvin -> "k".
  EXPECT_EQ(tokenize_rouge("\u0130stanbul", false), (Tokens{"i", "stanbul"}));
  EXPECT_EQ(tokenize_rouge("\u212Aelvin", false), (Tokens{"kelvin"}));
}

TEST(TokenizeRouge, StemsOnlyTokensLongerThanThree) {
  // "was" and "has" (3 letters) are kept; the Porter stemmer would make them "wa" and "ha".
  EXPECT_EQ(tokenize_rouge("dogs cats ran was has running ponies caresses happily", true),
            (Tokens{"dog", "cat", "ran", "was", "has", "run", "poni", "caress", "happili"}));
}

TEST(Rouge, HandCountedPair) {
  // pred [the cat sat on the mat] (6 tokens), ref [the cat is on the red mat] (7 tokens).
  // ROUGE-1: overlap the x2, cat, on, mat = 5; P = 5/6, R = 5/7,
  //          F = 2(25/42) / (35/42 + 30/42) = 50/65 = 10/13.
  // ROUGE-2: pred bigrams 5, ref bigrams 6, shared "the cat", "on the" = 2; P = 2/5, R = 1/3,
  //          F = (4/15) / (11/15) = 4/11.
  // ROUGE-L: LCS "the cat on the mat" = 5, so P = 5/6, R = 5/7, F = 10/13.
  expect_scores(rouge("The cat sat on the mat.", "The cat is on the red mat"), 10.0 / 13.0,
                4.0 / 11.0, 10.0 / 13.0);
}

TEST(Rouge, LcsIgnoresGaps) {
  // pred [a b c d], ref [a x b y d]: no shared bigram, LCS a b d = 3; P = 3/4, R = 3/5,
  // F = 2(9/20) / (27/20) = 2/3 for both ROUGE-1 (overlap a, b, d) and ROUGE-L.
  expect_scores(rouge("a b c d", "a x b y d"), 2.0 / 3.0, 0.0, 2.0 / 3.0);
}

TEST(Rouge, IdenticalAndNoOverlap) {
  expect_scores(rouge("Hello there, world", "hello THERE world"), 1.0, 1.0, 1.0);
  expect_scores(rouge("alpha beta", "gamma delta"), 0.0, 0.0, 0.0);
}

TEST(Rouge, EmptyPredictionOrReferenceScoresZero) {
  expect_scores(rouge("", "a b"), 0.0, 0.0, 0.0);
  expect_scores(rouge("a b", ""), 0.0, 0.0, 0.0);
  expect_scores(rouge("!!!", "a"), 0.0, 0.0, 0.0);  // punctuation only: no tokens
}

TEST(Rouge, UnicodeLettersSplitWords) {
  // "café" -> [caf]: it does not match "cafe" but matches "caf"; a single token has no bigram,
  // so ROUGE-2 stays 0 (0 / max(0, 1)).
  expect_scores(rouge("café", "cafe"), 0.0, 0.0, 0.0);
  expect_scores(rouge("café", "caf"), 1.0, 0.0, 1.0);
}

TEST(Rouge, StemmingChangesTheScore) {
  // Without stemming [the cats are running] and [a cat runs] share nothing.
  expect_scores(rouge("the cats are running", "a cat runs", false), 0.0, 0.0, 0.0);
  // With it: [the cat are run] vs [a cat run]; overlap cat, run = 2, P = 2/4, R = 2/3,
  // F = 2(1/3) / (7/6) = 4/7; no shared bigram; LCS "cat run" = 2 -> 4/7.
  expect_scores(rouge("the cats are running", "a cat runs", true), 4.0 / 7.0, 0.0, 4.0 / 7.0);
}

TEST(MeanRouge, AveragesPairs) {
  // Pair scores (1, 1, 1) and (0, 0, 0) average to one half each.
  expect_scores(mean_rouge({"a b", "c d"}, {"a b", "e f"}), 0.5, 0.5, 0.5);
  EXPECT_THROW(mean_rouge({"a"}, {"a", "b"}), Error);
  EXPECT_THROW(mean_rouge({}, {}), Error);
}

}  // namespace
}  // namespace hycam::metrics
