// ROUGE-1, ROUGE-2 and ROUGE-L F-measures, computed exactly as Google's rouge_score package does
// with its default tokenizer (RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=...)).
//
// Tokens: lowercase, every character outside [a-z0-9] becomes a separator (so accented and
// non-Latin letters split words rather than join them), and with use_stemmer the Porter stemmer
// (nltk's default mode) on tokens longer than 3 characters. ROUGE-N clips each n-gram's count by
// the other side's; ROUGE-L uses the longest common subsequence of the two token sequences.
// F = 2PR / (P + R), 0 when P + R = 0. Not here: ROUGE-Lsum (summary level, split on newlines),
// precision/recall outputs, bootstrap confidence intervals.
#pragma once
#include <string>
#include <vector>

namespace hycam::metrics {

// F-measures in [0, 1].
struct RougeScores {
  double rouge1 = 0.0;
  double rouge2 = 0.0;
  double rougeL = 0.0;
};

// Scores of one prediction against one reference; all zero when either has no token.
RougeScores rouge(const std::string& prediction, const std::string& reference,
                  bool use_stemmer = false);

// The unweighted mean of rouge() over aligned pairs: evaluate's "rouge" with use_aggregator=False,
// averaged. Its default use_aggregator=True reports the median of 1000 bootstrap means instead:
// random, close to this mean, and equal to it for a single pair.
// Throws hycam::Error when the sizes differ or there are no pairs.
RougeScores mean_rouge(const std::vector<std::string>& predictions,
                       const std::vector<std::string>& references, bool use_stemmer = false);

// rouge_score's tokenize(): the tokens that rouge() compares.
std::vector<std::string> tokenize_rouge(const std::string& text, bool use_stemmer);

}  // namespace hycam::metrics
