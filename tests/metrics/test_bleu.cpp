// Corpus BLEU and 13a tokenization against values worked by hand; each expected number was also
// checked against Hugging Face evaluate's bleu (13a tokenizer + TF NMT compute_bleu).
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/bleu.h"
#include "util/error.h"

namespace hycam::metrics {
namespace {

using Tokens = std::vector<std::string>;  // also a list of sentences
constexpr double kTol = 1e-12;

void expect_precisions(const BleuResult& r, double p1, double p2, double p3, double p4) {
  EXPECT_NEAR(r.precisions[0], p1, kTol);
  EXPECT_NEAR(r.precisions[1], p2, kTol);
  EXPECT_NEAR(r.precisions[2], p3, kTol);
  EXPECT_NEAR(r.precisions[3], p4, kTol);
}

TEST(Tokenize13a, SplitsPunctuationButKeepsDecimals) {
  // "," and "." split off after a non-digit; "3.14" has digits on both sides and stays whole.
  EXPECT_EQ(tokenize_13a("Hello, world! 3.14 is pi."),
            (Tokens{"Hello", ",", "world", "!", "3.14", "is", "pi", "."}));
}

TEST(Tokenize13a, NumbersDashesAndSymbols) {
  // "1,000" keeps its digit-comma-digit; "5-6": a dash after a digit is split; "$" and "(" are
  // padded symbols; the free "-" between spaces is left as its own token.
  EXPECT_EQ(tokenize_13a("1,000 items - 5-6 $20 (approx.)"),
            (Tokens{"1,000", "items", "-", "5", "-", "6", "$", "20", "(", "approx", ".", ")"}));
  // The leading pad space makes " .5" split as ([^0-9])([.,]); "3,4" is digit-comma-digit.
  EXPECT_EQ(tokenize_13a(".5 and 5. and 3,4"), (Tokens{".", "5", "and", "5", ".", "and", "3,4"}));
  // Apostrophes and letter-dash-letter are not split; "@" is a padded symbol.
  EXPECT_EQ(tokenize_13a("don't e-mail x@y.com"),
            (Tokens{"don't", "e-mail", "x", "@", "y", ".", "com"}));
  // Non-overlapping matches: each "." of "..." is split off on its own.
  EXPECT_EQ(tokenize_13a("x...y"), (Tokens{"x", ".", ".", ".", "y"}));
}

TEST(Tokenize13a, LanguageIndependentPart) {
  // &quot; is replaced before &amp;, so "&amp;lt;" becomes "&lt;" and then "<".
  EXPECT_EQ(tokenize_13a("&amp;lt;b&gt; &quot;q&quot;"), (Tokens{"<", "b", ">", "\"", "q", "\""}));
  // "-\n" joins a hyphenated line break; "<skipped>" vanishes; other newlines are spaces.
  EXPECT_EQ(tokenize_13a("end-\nline<skipped> two\nlines"), (Tokens{"endline", "two", "lines"}));
  // evaluate does not strip first, so a trailing "-\n" is removed rather than kept as "foo-".
  EXPECT_EQ(tokenize_13a(" foo-\n"), (Tokens{"foo"}));
  EXPECT_TRUE(tokenize_13a("").empty());
  EXPECT_TRUE(tokenize_13a(" \t\n ").empty());
}

TEST(Tokenize13a, UnicodeStaysInsideTokens) {
  EXPECT_EQ(tokenize_13a("café naïve 日本語."), (Tokens{"café", "naïve", "日本語", "."}));
  // A comma between CJK characters: [^0-9] matches the character before it, as in Python.
  EXPECT_EQ(tokenize_13a("日本語,テスト"), (Tokens{"日本語", ",", "テスト"}));
  // Python's str.split() also splits on U+00A0, U+3000 and U+2009.
  EXPECT_EQ(tokenize_13a("a\u00a0b\u3000c\u2009d"), (Tokens{"a", "b", "c", "d"}));
}

TEST(CorpusBleu, IdenticalSentenceScoresOne) {
  const BleuResult r = corpus_bleu({"the cat sat on the mat"}, {"the cat sat on the mat"});
  EXPECT_NEAR(r.bleu, 1.0, kTol);
  expect_precisions(r, 1.0, 1.0, 1.0, 1.0);
  EXPECT_NEAR(r.brevity_penalty, 1.0, kTol);
  EXPECT_NEAR(r.length_ratio, 1.0, kTol);
  EXPECT_EQ(r.translation_length, 6);
  EXPECT_EQ(r.reference_length, 6);
}

TEST(CorpusBleu, NoOverlapScoresZero) {
  const BleuResult r = corpus_bleu({"a b c d"}, {"w x y z"});
  EXPECT_EQ(r.bleu, 0.0);
  expect_precisions(r, 0.0, 0.0, 0.0, 0.0);
  EXPECT_NEAR(r.brevity_penalty, 1.0, kTol);  // c = r = 4: exp(1 - 1) = 1
}

TEST(CorpusBleu, BrevityPenaltyForShortPrediction) {
  // The prediction is the first 5 of the reference's 8 tokens: every n-gram matches,
  // p1..p4 = 5/5, 4/4, 3/3, 2/2 = 1, so BLEU = bp = exp(1 - r/c) = exp(1 - 8/5) = exp(-0.6).
  const BleuResult r =
      corpus_bleu({"the quick brown fox jumps"}, {"the quick brown fox jumps over the dog"});
  expect_precisions(r, 1.0, 1.0, 1.0, 1.0);
  EXPECT_NEAR(r.length_ratio, 5.0 / 8.0, kTol);
  EXPECT_NEAR(r.brevity_penalty, std::exp(-0.6), kTol);
  EXPECT_NEAR(r.brevity_penalty, 0.5488116360940264, kTol);
  EXPECT_NEAR(r.bleu, std::exp(-0.6), kTol);
}

TEST(CorpusBleu, TwoPairCorpusSumsClippedCounts) {
  // Pair 1: "the cat the cat" vs "the cat sat on the mat".
  //   1-grams: the x2 (ref has 2) + cat x2 clipped to 1 = 3 of 4
  //   2-grams: "the cat" x2 clipped to 1, "cat the" 0      = 1 of 3
  //   3-grams: "the cat the", "cat the cat"                = 0 of 2
  //   4-grams: "the cat the cat"                           = 0 of 1
  // Pair 2: "a b c d e" vs itself: 5/5, 4/4, 3/3, 2/2.
  // Corpus: p = 8/9, 5/7, 3/5, 2/3, product = 240/945 = 16/63; c = 9, r = 6 + 5 = 11,
  // bp = exp(1 - 11/9) = exp(-2/9); BLEU = (16/63)^(1/4) * exp(-2/9) = 0.56844...
  const BleuResult r = corpus_bleu(Tokens{"the cat the cat", "a b c d e"},
                                   Tokens{"the cat sat on the mat", "a b c d e"});
  expect_precisions(r, 8.0 / 9.0, 5.0 / 7.0, 3.0 / 5.0, 2.0 / 3.0);
  EXPECT_EQ(r.translation_length, 9);
  EXPECT_EQ(r.reference_length, 11);
  EXPECT_NEAR(r.length_ratio, 9.0 / 11.0, kTol);
  EXPECT_NEAR(r.brevity_penalty, std::exp(-2.0 / 9.0), kTol);
  EXPECT_NEAR(r.bleu, std::pow(16.0 / 63.0, 0.25) * std::exp(-2.0 / 9.0), kTol);
  EXPECT_NEAR(r.bleu, 0.5684404484983798, kTol);
}

TEST(CorpusBleu, RepeatedWordIsClipped) {
  // Seven "the" against a reference with two: p1 = 2/7; no bigram matches, so BLEU = 0.
  // c = 7 > r = 6, so bp = 1.
  const BleuResult r = corpus_bleu({"the the the the the the the"}, {"the cat is on the mat"});
  expect_precisions(r, 2.0 / 7.0, 0.0, 0.0, 0.0);
  EXPECT_EQ(r.bleu, 0.0);
  EXPECT_NEAR(r.brevity_penalty, 1.0, kTol);
  EXPECT_NEAR(r.length_ratio, 7.0 / 6.0, kTol);
}

TEST(CorpusBleu, EmptyPredictionScoresZero) {
  // c = 0: compute_bleu sets ratio = bp = 0 instead of dividing by zero.
  const BleuResult r = corpus_bleu({""}, {"the cat"});
  EXPECT_EQ(r.bleu, 0.0);
  expect_precisions(r, 0.0, 0.0, 0.0, 0.0);
  EXPECT_EQ(r.brevity_penalty, 0.0);
  EXPECT_EQ(r.length_ratio, 0.0);
  EXPECT_EQ(r.translation_length, 0);
  EXPECT_EQ(r.reference_length, 2);
}

TEST(CorpusBleu, UnicodeSentenceMatchesItself) {
  // Tokens: café, naïve, 日本語, "." (4 tokens, so one 4-gram) -> all precisions 1.
  const BleuResult r = corpus_bleu({"café naïve 日本語."}, {"café naïve 日本語."});
  EXPECT_NEAR(r.bleu, 1.0, kTol);
  EXPECT_EQ(r.translation_length, 4);
}

TEST(CorpusBleu, IsCaseSensitive) {
  // evaluate's bleu does not lowercase: "The" and "the" differ, p1 = 3/4, p2 = 2/3, p3 = 1/2,
  // p4 = 0/1, so BLEU = 0.
  const BleuResult r = corpus_bleu({"The cat sat down"}, {"the cat sat down"});
  expect_precisions(r, 3.0 / 4.0, 2.0 / 3.0, 1.0 / 2.0, 0.0);
  EXPECT_EQ(r.bleu, 0.0);
}

TEST(CorpusBleu, MultipleReferencesClipByMaximum) {
  // Prediction "the cat sat on the mat"; refs "the cat sat on a mat" (6 tokens) and
  // "on the mat the cat sat down" (7 tokens).
  //   1-grams: "the" x2 needs ref 2's count of 2 (ref 1 has one)   = 6 of 6
  //   2-grams: the cat, cat sat, sat on (ref 1); on the, the mat (ref 2) = 5 of 5
  //   3-grams: the cat sat, cat sat on, on the mat; not "sat on the" = 3 of 4
  //   4-grams: only "the cat sat on"                                  = 1 of 3
  // BLEU = (1 * 1 * 3/4 * 1/3)^(1/4) = (1/4)^(1/4) = 1/sqrt(2); r = shortest reference = 6, bp = 1.
  const BleuResult r = corpus_bleu({"the cat sat on the mat"},
                                   std::vector<std::vector<std::string>>{
                                       {"the cat sat on a mat", "on the mat the cat sat down"}});
  expect_precisions(r, 1.0, 1.0, 0.75, 1.0 / 3.0);
  EXPECT_EQ(r.reference_length, 6);
  EXPECT_NEAR(r.brevity_penalty, 1.0, kTol);
  EXPECT_NEAR(r.bleu, 1.0 / std::sqrt(2.0), kTol);
}

TEST(CorpusBleu, RejectsMisalignedOrEmptyInput) {
  EXPECT_THROW(corpus_bleu(Tokens{"a", "b"}, Tokens{"a"}), Error);
  EXPECT_THROW(corpus_bleu(std::vector<std::string>{}, std::vector<std::string>{}), Error);
  EXPECT_THROW(corpus_bleu({"a"}, std::vector<std::vector<std::string>>{{}}), Error);
}

}  // namespace
}  // namespace hycam::metrics
