#include "data/batching.h"

#include <algorithm>
#include <numeric>

#include "data/rng.h"
#include "util/error.h"

namespace hycam::data {
namespace {

void check_batch_size(int64_t batch_size) {
  if (batch_size < 1) throw Error("batch size " + std::to_string(batch_size) + ": must be at least 1");
}

void check_sample(const Sample& s, size_t row) {
  if (s.ids.empty()) throw Error("collate: sample " + std::to_string(row) + " of the batch has no tokens");
  if (s.is_target.size() != s.ids.size())
    throw Error("collate: sample " + std::to_string(row) + " has " + std::to_string(s.ids.size()) + " ids but " +
                std::to_string(s.is_target.size()) + " target flags");
}

}  // namespace

TokenCounts count_tokens(const std::vector<const Sample*>& samples) {
  TokenCounts c;
  for (const Sample* s : samples) {
    c.real += static_cast<int64_t>(s->ids.size());
    // Position t predicts token t + 1; the first token is never a target.
    for (size_t t = 1; t < s->is_target.size(); ++t) c.target += s->is_target[t] ? 1 : 0;
  }
  return c;
}

Batch collate(const std::vector<const Sample*>& samples, int32_t pad_id, bool left_pad, int64_t min_len) {
  if (samples.empty()) throw Error("collate: empty batch");
  const auto B = static_cast<int64_t>(samples.size());
  int64_t T = min_len;
  for (size_t r = 0; r < samples.size(); ++r) {
    check_sample(*samples[r], r);
    T = std::max<int64_t>(T, static_cast<int64_t>(samples[r]->ids.size()));
  }
  Batch b;
  b.ids = torch::full({B, T}, std::max(pad_id, 0), torch::kInt64);
  b.attention_mask = torch::zeros({B, T}, torch::kInt64);
  b.targets = torch::full({B, T}, kIgnoreIndex, torch::kInt64);
  b.positions = torch::zeros({B, T}, torch::kInt64);
  b.task = torch::empty({B}, torch::kInt64);
  auto ids = b.ids.accessor<int64_t, 2>();
  auto mask = b.attention_mask.accessor<int64_t, 2>();
  auto targets = b.targets.accessor<int64_t, 2>();
  auto positions = b.positions.accessor<int64_t, 2>();
  auto task = b.task.accessor<int64_t, 1>();
  for (int64_t r = 0; r < B; ++r) {
    const Sample& s = *samples[r];
    const auto n = static_cast<int64_t>(s.ids.size());
    const int64_t off = left_pad ? T - n : 0;
    task[r] = s.task;
    for (int64_t t = 0; t < n; ++t) {
      ids[r][off + t] = s.ids[t];
      mask[r][off + t] = 1;
      positions[r][off + t] = t;
      if (t + 1 < n && s.is_target[t + 1]) targets[r][off + t] = s.ids[t + 1];
    }
  }
  const auto counts = count_tokens(samples);
  b.real_tokens = counts.real;
  b.target_tokens = counts.target;
  return b;
}

std::vector<std::vector<int64_t>> length_grouped_batches(const std::vector<Sample>& samples, int64_t batch_size,
                                                         uint64_t seed, int64_t epoch) {
  check_batch_size(batch_size);
  const auto n = static_cast<int64_t>(samples.size());
  std::vector<int64_t> order(samples.size());
  std::iota(order.begin(), order.end(), 0);
  const uint64_t epoch_seed = derive_seed(seed, static_cast<uint64_t>(epoch));
  seeded_shuffle(order, epoch_seed);
  auto length = [&](int64_t i) { return samples[i].ids.size(); };
  const int64_t mega = batch_size * std::clamp<int64_t>(n / (4 * batch_size), 1, 50);
  std::vector<std::vector<int64_t>> batches;
  for (int64_t start = 0; start < n; start += mega) {
    const auto first = order.begin() + start, last = order.begin() + std::min(n, start + mega);
    // Stable, so equal lengths keep their shuffled order and the plan does not depend on the sort.
    std::stable_sort(first, last, [&](int64_t a, int64_t b) { return length(a) > length(b); });
    for (auto it = first; it < last; it += std::min<std::ptrdiff_t>(batch_size, last - it))
      batches.emplace_back(it, it + std::min<std::ptrdiff_t>(batch_size, last - it));
  }
  seeded_shuffle(batches, derive_seed(epoch_seed, 1));
  // Each batch starts with its longest sample (mega-batches are sorted), so compare the fronts.
  const auto longest = std::max_element(batches.begin(), batches.end(), [&](const auto& a, const auto& b) {
    return length(a.front()) < length(b.front());
  });
  if (longest != batches.end()) std::iter_swap(batches.begin(), longest);
  return batches;
}

std::vector<std::vector<int64_t>> sequential_batches(int64_t n, int64_t batch_size) {
  check_batch_size(batch_size);
  std::vector<std::vector<int64_t>> out;
  for (int64_t start = 0; start < n; start += batch_size) {
    out.emplace_back(static_cast<size_t>(std::min(n, start + batch_size) - start));
    std::iota(out.back().begin(), out.back().end(), start);
  }
  return out;
}

}  // namespace hycam::data
