#include "metrics/rouge.h"

#include <algorithm>
#include <cstdint>

#include "metrics/ngrams.h"
#include "metrics/porter_stemmer.h"
#include "util/error.h"

namespace hycam::metrics {
namespace {

// rouge_score's fmeasure(): 2PR / (P + R), and 0 rather than 0/0.
double fmeasure(double precision, double recall) {
  return precision + recall > 0.0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
}

// ROUGE-N F: overlap / predicted n-grams against overlap / reference n-grams. The max(.., 1)
// denominators are rouge_score's, so a side without n-grams scores 0 rather than failing.
double rouge_n(const std::vector<std::string>& prediction,
               const std::vector<std::string>& reference, int n) {
  const NgramCounts pred = count_ngrams(prediction, n);
  const NgramCounts ref = count_ngrams(reference, n);
  const auto overlap = static_cast<double>(clipped_overlap(pred, ref));
  const double precision = overlap / static_cast<double>(std::max<int64_t>(total_count(pred), 1));
  const double recall = overlap / static_cast<double>(std::max<int64_t>(total_count(ref), 1));
  return fmeasure(precision, recall);
}

// Length of the longest common subsequence, by the usual table kept one row at a time.
size_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
  for (const auto& token : a) {
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = token == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

double rouge_l(const std::vector<std::string>& prediction,
               const std::vector<std::string>& reference) {
  if (prediction.empty() || reference.empty()) return 0.0;
  const auto lcs = static_cast<double>(lcs_length(reference, prediction));
  return fmeasure(lcs / static_cast<double>(prediction.size()),
                  lcs / static_cast<double>(reference.size()));
}

// Python lowercases the whole Unicode string before keeping [a-z0-9]. Only two non-ASCII
// characters lowercase to ASCII letters: U+0130 "İ" -> "i" + U+0307 (a separator) and the Kelvin
// sign U+212A -> "k". Every other non-ASCII byte is a separator. Returns the bytes consumed.
size_t lowered_ascii(const std::string& text, size_t i, std::string& out) {
  const auto byte = [&](size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char b0 = byte(0);
  if (b0 == 0xC4 && byte(1) == 0xB0) {
    out += "i ";
    return 2;
  }
  if (b0 == 0xE2 && byte(1) == 0x84 && byte(2) == 0xAA) {
    out += 'k';
    return 3;
  }
  if ((b0 >= 'a' && b0 <= 'z') || (b0 >= '0' && b0 <= '9')) {
    out += static_cast<char>(b0);
  } else if (b0 >= 'A' && b0 <= 'Z') {
    out += static_cast<char>(b0 - 'A' + 'a');
  } else {
    out += ' ';
  }
  return 1;
}

}  // namespace

std::vector<std::string> tokenize_rouge(const std::string& text, bool use_stemmer) {
  std::string cleaned;
  for (size_t i = 0; i < text.size();) i += lowered_ascii(text, i, cleaned);
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < cleaned.size()) {
    const size_t space = std::min(cleaned.find(' ', start), cleaned.size());
    if (space > start) {
      std::string token = cleaned.substr(start, space - start);
      // rouge_score stems only tokens longer than 3 characters.
      tokens.push_back(use_stemmer && token.size() > 3 ? porter_stem(token) : token);
    }
    start = space + 1;
  }
  return tokens;
}

RougeScores rouge(const std::string& prediction, const std::string& reference, bool use_stemmer) {
  const auto pred = tokenize_rouge(prediction, use_stemmer);
  const auto ref = tokenize_rouge(reference, use_stemmer);
  return {rouge_n(pred, ref, 1), rouge_n(pred, ref, 2), rouge_l(pred, ref)};
}

RougeScores mean_rouge(const std::vector<std::string>& predictions,
                       const std::vector<std::string>& references, bool use_stemmer) {
  if (predictions.size() != references.size()) {
    throw Error("mean_rouge: " + std::to_string(predictions.size()) + " predictions but " +
                std::to_string(references.size()) + " references; pass one per prediction");
  }
  if (predictions.empty()) throw Error("mean_rouge: no pairs to score; pass at least one");
  RougeScores sum;
  for (size_t i = 0; i < predictions.size(); ++i) {
    const RougeScores s = rouge(predictions[i], references[i], use_stemmer);
    sum.rouge1 += s.rouge1;
    sum.rouge2 += s.rouge2;
    sum.rougeL += s.rougeL;
  }
  const auto n = static_cast<double>(predictions.size());
  return {sum.rouge1 / n, sum.rouge2 / n, sum.rougeL / n};
}

}  // namespace hycam::metrics
