// N-gram counting shared by BLEU and ROUGE.
//
// Both tokenizers split on whitespace, so no token holds a space: an n-gram is keyed by its tokens
// joined with single spaces, which is unambiguous and cheap to hash. Not a general n-gram library:
// counts only, no smoothing, no vocabulary.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace hycam::metrics {

// n-gram key ("a b" for the bigram a, b) -> number of occurrences.
using NgramCounts = std::unordered_map<std::string, int64_t>;

// Counts of every n-gram of exactly `n` tokens (n >= 1); empty when tokens.size() < n.
NgramCounts count_ngrams(const std::vector<std::string>& tokens, int n);

// Sum over n-grams of min(candidate count, reference count): the "clipped" matches of BLEU and
// the overlap of ROUGE-N.
int64_t clipped_overlap(const NgramCounts& candidate, const NgramCounts& reference);

// into[g] = max(into[g], from[g]) for every g: how BLEU merges the counts of several references.
void merge_max(NgramCounts& into, const NgramCounts& from);

// Total number of n-grams counted (sum of the counts).
int64_t total_count(const NgramCounts& counts);

}  // namespace hycam::metrics
