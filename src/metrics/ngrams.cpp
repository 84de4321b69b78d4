#include "metrics/ngrams.h"

#include <algorithm>

namespace hycam::metrics {

NgramCounts count_ngrams(const std::vector<std::string>& tokens, int n) {
  NgramCounts counts;
  const size_t order = static_cast<size_t>(n);
  if (n < 1 || tokens.size() < order) return counts;
  for (size_t start = 0; start + order <= tokens.size(); ++start) {
    std::string key = tokens[start];
    for (size_t k = 1; k < order; ++k) {
      key += ' ';
      key += tokens[start + k];
    }
    ++counts[key];
  }
  return counts;
}

int64_t clipped_overlap(const NgramCounts& candidate, const NgramCounts& reference) {
  int64_t overlap = 0;
  for (const auto& [ngram, count] : candidate) {
    auto it = reference.find(ngram);
    if (it != reference.end()) overlap += std::min(count, it->second);
  }
  return overlap;
}

void merge_max(NgramCounts& into, const NgramCounts& from) {
  for (const auto& [ngram, count] : from) {
    int64_t& slot = into[ngram];
    slot = std::max(slot, count);
  }
}

int64_t total_count(const NgramCounts& counts) {
  int64_t total = 0;
  for (const auto& entry : counts) total += entry.second;
  return total;
}

}  // namespace hycam::metrics
