// Corpus BLEU-4, computed exactly as Hugging Face `evaluate`'s "bleu" metric does.
//
// That metric tokenizes every string with sacrebleu's 13a tokenizer (the mteval-v13a rules, with
// no lowercasing) and then runs TensorFlow NMT's compute_bleu: clipped n-gram matches for
// n = 1..4 summed over the whole corpus, uniform geometric mean, no smoothing (any zero
// precision makes BLEU 0), and brevity penalty exp(1 - r/c) when c <= r. Scores are in [0, 1],
// not sacrebleu's 0..100. Not here: sentence-level BLEU, smoothing, other tokenizers.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hycam::metrics {

// The fields of evaluate's bleu output, same names and meanings.
struct BleuResult {
  double bleu = 0.0;                   // geometric mean of precisions x brevity penalty
  std::array<double, 4> precisions{};  // clipped matches / candidate n-grams, n = 1..4
  double brevity_penalty = 0.0;        // 1 if c > r else exp(1 - r/c); 0 if c or r is 0
  double length_ratio = 0.0;           // c / r; 0 if c or r is 0
  int64_t translation_length = 0;      // c: prediction tokens over the corpus
  int64_t reference_length = 0;        // r: tokens of the shortest reference, summed
};

// One reference per prediction. Throws hycam::Error when the sizes differ or the corpus is empty.
BleuResult corpus_bleu(const std::vector<std::string>& predictions,
                       const std::vector<std::string>& references);

// Several references per prediction: n-gram counts are clipped by the maximum count over the
// references, and the reference length is that of the shortest one. Each list must be non-empty.
// Braced literals of two strings, {"a", "b"}, fit both overloads (through vector's iterator-pair
// constructor), so name the vector type when calling with literals.
BleuResult corpus_bleu(const std::vector<std::string>& predictions,
                       const std::vector<std::vector<std::string>>& references);

// sacrebleu's 13a tokenization as evaluate ships it. Works on UTF-8 bytes: non-ASCII characters
// stay inside their tokens; tokens are split on every character Python's str.split() treats as
// whitespace (ASCII whitespace, U+0085, U+00A0, U+2000..U+200A, U+3000, ...).
std::vector<std::string> tokenize_13a(const std::string& text);

}  // namespace hycam::metrics
