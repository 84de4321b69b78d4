#include "metrics/bleu.h"

#include <algorithm>
#include <cmath>

#include "metrics/ngrams.h"
#include "util/error.h"

namespace hycam::metrics {
namespace {

constexpr int kMaxOrder = 4;

// Byte length of the character at s[i] if Python's str.isspace() holds for it, else 0. The
// multi-byte members are matched on their UTF-8 encodings, so no decoding is needed.
size_t whitespace_length(const std::string& s, size_t i) {
  const auto byte = [&](size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  const unsigned char b0 = byte(0);
  if ((b0 >= 0x09 && b0 <= 0x0D) || (b0 >= 0x1C && b0 <= 0x20)) return 1;
  if (b0 == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2;  // U+0085, U+00A0
  if (b0 == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;    // U+1680
  if (b0 == 0xE2 && byte(1) == 0x80) {
    const unsigned char b2 = byte(2);
    if (b2 <= 0x8A && b2 >= 0x80) return 3;                // U+2000..U+200A
    if (b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) return 3;  // U+2028/9, U+202F
  }
  if (b0 == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;  // U+205F
  if (b0 == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;  // U+3000
  return 0;
}

// Python's str.split() with no separator: runs of whitespace separate, no empty tokens.
std::vector<std::string> split_whitespace(const std::string& s) {
  std::vector<std::string> tokens;
  std::string current;
  for (size_t i = 0; i < s.size();) {
    const size_t ws = whitespace_length(s, i);
    if (ws == 0) {
      current += s[i++];
      continue;
    }
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
    i += ws;
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::string replace_all(const std::string& s, const std::string& from, const std::string& to) {
  std::string out;
  size_t pos = 0;
  for (size_t hit = s.find(from); hit != std::string::npos; hit = s.find(from, pos)) {
    out.append(s, pos, hit - pos);
    out += to;
    pos = hit + from.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

// The class [\{-\~\[-\` -\&\(-\+\:-\@\/] of 13a's first rule: ASCII symbols except ' , - .
bool is_padded_symbol(unsigned char c) {
  return (c >= 0x20 && c <= 0x26) || (c >= 0x28 && c <= 0x2B) || c == 0x2F ||
         (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_not_digit(unsigned char c) { return !is_digit(c); }
bool is_period_or_comma(unsigned char c) { return c == '.' || c == ','; }
bool is_dash(unsigned char c) { return c == '-'; }

std::string pad_symbols(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (is_padded_symbol(static_cast<unsigned char>(c))) {
      out += ' ';
      out += c;
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// re.sub of a two-character pattern ([first])([second]): scans left to right and, after a
// match, resumes behind it (matches never overlap). `lead_space` picks " \1 \2" over "\1 \2 ".
// Working on bytes gives Python's result on code points: the patterns' ASCII sides never match
// a byte of a multi-byte character, and the [^0-9] side keeps such bytes in order.
std::string pad_pairs(const std::string& s, bool (*first)(unsigned char),
                      bool (*second)(unsigned char), bool lead_space) {
  std::string out;
  size_t i = 0;
  for (; i + 1 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (!first(a) || !second(b)) {
      out += s[i];
      continue;
    }
    out +=
        lead_space ? std::string{' ', s[i], ' ', s[i + 1]} : std::string{s[i], ' ', s[i + 1], ' '};
    ++i;
  }
  if (i < s.size()) out += s[i];
  return out;
}

// One segment's contribution to the corpus sums of compute_bleu.
struct CorpusCounts {
  std::array<int64_t, kMaxOrder> matches{};
  std::array<int64_t, kMaxOrder> possible{};
  int64_t translation_length = 0;
  int64_t reference_length = 0;
};

void add_segment(const std::vector<std::string>& translation,
                 const std::vector<std::vector<std::string>>& references, CorpusCounts& sums) {
  size_t shortest = references.front().size();
  for (const auto& ref : references) shortest = std::min(shortest, ref.size());
  sums.reference_length += static_cast<int64_t>(shortest);
  sums.translation_length += static_cast<int64_t>(translation.size());
  for (int n = 1; n <= kMaxOrder; ++n) {
    NgramCounts merged;
    for (const auto& ref : references) merge_max(merged, count_ngrams(ref, n));
    sums.matches[n - 1] += clipped_overlap(count_ngrams(translation, n), merged);
    sums.possible[n - 1] += std::max<int64_t>(0, static_cast<int64_t>(translation.size()) - n + 1);
  }
}

// compute_bleu's final arithmetic, in its order of operations so the doubles match Python's.
BleuResult finish(const CorpusCounts& sums) {
  BleuResult result;
  result.translation_length = sums.translation_length;
  result.reference_length = sums.reference_length;
  bool any_zero = false;
  double log_sum = 0.0;
  for (int i = 0; i < kMaxOrder; ++i) {
    const double p = sums.possible[i] > 0 ? static_cast<double>(sums.matches[i]) /
                                                static_cast<double>(sums.possible[i])
                                          : 0.0;
    result.precisions[i] = p;
    if (p > 0.0) log_sum += (1.0 / kMaxOrder) * std::log(p);
    any_zero = any_zero || p <= 0.0;
  }
  const double geo_mean = any_zero ? 0.0 : std::exp(log_sum);
  if (sums.translation_length > 0 && sums.reference_length > 0) {
    result.length_ratio =
        static_cast<double>(sums.translation_length) / static_cast<double>(sums.reference_length);
    result.brevity_penalty =
        result.length_ratio > 1.0 ? 1.0 : std::exp(1.0 - 1.0 / result.length_ratio);
  }
  result.bleu = geo_mean * result.brevity_penalty;
  return result;
}

}  // namespace

std::vector<std::string> tokenize_13a(const std::string& text) {
  // Language-independent part, in mteval-v13a's order (so "&amp;lt;" becomes "<").
  std::string line = replace_all(text, "<skipped>", "");
  line = replace_all(line, "-\n", "");
  line = replace_all(line, "\n", " ");
  line = replace_all(line, "&quot;", "\"");
  line = replace_all(line, "&amp;", "&");
  line = replace_all(line, "&lt;", "<");
  line = replace_all(line, "&gt;", ">");
  // The padding spaces let a leading "." or trailing "," be split off by the pair rules.
  line = pad_symbols(" " + line + " ");
  line = pad_pairs(line, is_not_digit, is_period_or_comma, false);  // ([^0-9])([\.,]) -> \1 \2
  line = pad_pairs(line, is_period_or_comma, is_not_digit, true);   // ([\.,])([^0-9]) -> \1 \2
  line = pad_pairs(line, is_digit, is_dash, false);                 // ([0-9])(-)      -> \1 \2
  return split_whitespace(line);
}

BleuResult corpus_bleu(const std::vector<std::string>& predictions,
                       const std::vector<std::vector<std::string>>& references) {
  if (predictions.size() != references.size()) {
    throw Error("corpus_bleu: " + std::to_string(predictions.size()) + " predictions but " +
                std::to_string(references.size()) + " reference lists; pass one per prediction");
  }
  if (predictions.empty()) throw Error("corpus_bleu: the corpus is empty; pass at least one pair");
  CorpusCounts sums;
  for (size_t i = 0; i < predictions.size(); ++i) {
    if (references[i].empty()) {
      throw Error("corpus_bleu: prediction " + std::to_string(i) +
                  " has no reference; give each prediction at least one");
    }
    std::vector<std::vector<std::string>> refs;
    for (const auto& ref : references[i]) refs.push_back(tokenize_13a(ref));
    add_segment(tokenize_13a(predictions[i]), refs, sums);
  }
  return finish(sums);
}

BleuResult corpus_bleu(const std::vector<std::string>& predictions,
                       const std::vector<std::string>& references) {
  std::vector<std::vector<std::string>> lists;
  lists.reserve(references.size());
  for (const auto& ref : references) lists.push_back({ref});
  return corpus_bleu(predictions, lists);
}

}  // namespace hycam::metrics
