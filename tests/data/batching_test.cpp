// Collation (shapes, padding, masks, shifted targets, positions; right and left padding) and the
// batch plans: every index once, deterministic per (seed, epoch), and far less padding than random
// batches on the real tasks.
#include "data/batching.h"

#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "data/rng.h"
#include "data_test_util.h"

namespace hycam::data {
namespace {

using test::contains;
using test::error_of;

Sample make_sample(int32_t task, std::vector<int32_t> ids, std::vector<uint8_t> is_target) {
  return {task, std::move(ids), std::move(is_target), false};
}

std::vector<int64_t> row(const torch::Tensor& t, int64_t r) {
  auto c = t[r].contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

// Two samples of lengths 3 and 5; targets on the last token of the first, the last two of the second.
const Sample kShort = make_sample(0, {1, 10, 11}, {0, 0, 1});
const Sample kLong = make_sample(2, {1, 20, 21, 22, 2}, {0, 0, 0, 1, 1});

TEST(Collate, RightPadding) {
  const Batch b = collate({&kShort, &kLong}, 7);
  EXPECT_EQ(b.ids.sizes(), (torch::IntArrayRef{2, 5}));
  for (const auto* t : {&b.attention_mask, &b.targets, &b.positions}) EXPECT_EQ(t->sizes(), b.ids.sizes());
  EXPECT_EQ(b.ids.scalar_type(), torch::kInt64);
  EXPECT_EQ(row(b.ids, 0), (std::vector<int64_t>{1, 10, 11, 7, 7}));
  EXPECT_EQ(row(b.ids, 1), (std::vector<int64_t>{1, 20, 21, 22, 2}));
  EXPECT_EQ(row(b.attention_mask, 0), (std::vector<int64_t>{1, 1, 1, 0, 0}));
  EXPECT_EQ(row(b.attention_mask, 1), (std::vector<int64_t>{1, 1, 1, 1, 1}));
  // targets[t] = ids[t+1] where ids[t+1] is a target; the last column is always -100.
  EXPECT_EQ(row(b.targets, 0), (std::vector<int64_t>{-100, 11, -100, -100, -100}));
  EXPECT_EQ(row(b.targets, 1), (std::vector<int64_t>{-100, -100, 22, 2, -100}));
  EXPECT_EQ(row(b.positions, 0), (std::vector<int64_t>{0, 1, 2, 0, 0}));
  EXPECT_EQ(row(b.positions, 1), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(row(b.task, 0), (std::vector<int64_t>{0}));
  EXPECT_EQ(b.task[1].item<int64_t>(), 2);
  EXPECT_EQ(b.real_tokens, 8);
  EXPECT_EQ(b.target_tokens, 3);
  EXPECT_EQ(b.target_tokens, (b.targets != kIgnoreIndex).sum().item<int64_t>());
}

TEST(Collate, LeftPaddingForGeneration) {
  const Batch b = collate({&kShort, &kLong}, -1, /*left_pad=*/true);  // no pad id: pads with 0
  EXPECT_EQ(row(b.ids, 0), (std::vector<int64_t>{0, 0, 1, 10, 11}));
  EXPECT_EQ(row(b.attention_mask, 0), (std::vector<int64_t>{0, 0, 1, 1, 1}));
  EXPECT_EQ(row(b.targets, 0), (std::vector<int64_t>{-100, -100, -100, 11, -100}));
  EXPECT_EQ(row(b.positions, 0), (std::vector<int64_t>{0, 0, 0, 1, 2}));
  EXPECT_EQ(row(b.ids, 1), (std::vector<int64_t>{1, 20, 21, 22, 2}));
  EXPECT_EQ(row(b.positions, 1), (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

TEST(Collate, PadsToTheLongestInTheBatchOnly) {
  EXPECT_EQ(collate({&kShort}, 0).ids.sizes(), (torch::IntArrayRef{1, 3}));
}

TEST(Collate, RefusesEmptyOrMalformed) {
  EXPECT_TRUE(contains(error_of([] { collate({}, 0); }), "empty batch"));
  const Sample bad = make_sample(0, {1, 2, 3}, {0, 1});
  EXPECT_TRUE(contains(error_of([&] { collate({&kShort, &bad}, 0); }), "sample 1 has 3 ids but 2 target flags"));
}

TEST(SequentialBatches, InOrderLastShort) {
  EXPECT_EQ(sequential_batches(10, 4), (std::vector<std::vector<int64_t>>{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}));
  EXPECT_TRUE(sequential_batches(0, 4).empty());
  EXPECT_TRUE(contains(error_of([] { sequential_batches(3, 0); }), "batch size 0"));
}

// Samples of pseudo-random lengths 1..300.
std::vector<Sample> lengths_sample_set(int n) {
  SplitMix64 rng{5};
  std::vector<Sample> v;
  for (int i = 0; i < n; ++i) {
    const size_t len = 1 + rng.below(300);
    v.push_back(make_sample(i % 4, std::vector<int32_t>(len, 3), std::vector<uint8_t>(len, 1)));
  }
  return v;
}

void expect_covers_once(const std::vector<std::vector<int64_t>>& plan, size_t n, int64_t batch_size) {
  std::vector<int> seen(n, 0);
  for (const auto& b : plan) {
    EXPECT_FALSE(b.empty());
    EXPECT_LE(static_cast<int64_t>(b.size()), batch_size);
    for (int64_t i : b) ++seen.at(static_cast<size_t>(i));
  }
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
}

TEST(LengthGroupedBatches, EveryIndexOnceAndDeterministic) {
  const auto samples = lengths_sample_set(1003);
  const auto plan = length_grouped_batches(samples, 8, 11, 0);
  expect_covers_once(plan, samples.size(), 8);
  EXPECT_EQ(plan, length_grouped_batches(samples, 8, 11, 0));
  EXPECT_NE(plan, length_grouped_batches(samples, 8, 11, 1));
  EXPECT_NE(plan, length_grouped_batches(samples, 8, 12, 0));
  // Not the same batches in a new order either: membership changes between epochs.
  auto sets = [](const std::vector<std::vector<int64_t>>& p) {
    std::set<std::set<int64_t>> s;
    for (const auto& b : p) s.emplace(b.begin(), b.end());
    return s;
  };
  EXPECT_NE(sets(plan), sets(length_grouped_batches(samples, 8, 11, 1)));
  // The longest sample is in the first batch, so an out-of-memory shows at step one.
  size_t longest = 0;
  for (const auto& s : samples) longest = std::max(longest, s.ids.size());
  EXPECT_EQ(samples[plan[0][0]].ids.size(), longest);
}

TEST(LengthGroupedBatches, SmallAndEmptySets) {
  const auto samples = lengths_sample_set(5);
  const auto plan = length_grouped_batches(samples, 8, 0, 0);
  ASSERT_EQ(plan.size(), 1u);
  expect_covers_once(plan, 5, 8);
  EXPECT_TRUE(length_grouped_batches({}, 8, 0, 0).empty());
  EXPECT_TRUE(contains(error_of([&] { length_grouped_batches(samples, 0, 0, 0); }), "batch size 0"));
}

// Share of the padded [B,T] cells that are padding.
double padding_waste(const std::vector<Sample>& samples, const std::vector<std::vector<int64_t>>& plan) {
  int64_t real = 0, cells = 0;
  for (const auto& b : plan) {
    size_t longest = 0;
    for (int64_t i : b) {
      real += static_cast<int64_t>(samples[i].ids.size());
      longest = std::max(longest, samples[i].ids.size());
    }
    cells += static_cast<int64_t>(longest * b.size());
  }
  return 1.0 - static_cast<double>(real) / static_cast<double>(cells);
}

TEST(LengthGroupedBatches, FarLessPaddingThanRandomBatchesOnRealData) {
  const auto& train = test::real_data().train;
  for (int64_t batch_size : {4, 8, 16}) {
    const auto grouped = length_grouped_batches(train, batch_size, 0, 0);
    expect_covers_once(grouped, train.size(), batch_size);
    std::vector<int64_t> order(train.size());
    std::iota(order.begin(), order.end(), 0);
    seeded_shuffle(order, 0);
    std::vector<std::vector<int64_t>> random;
    for (const auto& b : sequential_batches(static_cast<int64_t>(order.size()), batch_size)) {
      random.emplace_back();
      for (int64_t i : b) random.back().push_back(order[i]);
    }
    const double g = padding_waste(train, grouped), r = padding_waste(train, random);
    std::cout << "padding waste, " << train.size() << " real train samples, batch " << batch_size << ": length-grouped "
              << 100 * g << "%, random " << 100 * r << "%\n";
    EXPECT_LT(g, r / 5);
  }
}

TEST(LengthGroupedBatches, BatchesMixTasks) {
  const auto& train = test::real_data().train;
  const auto plan = length_grouped_batches(train, 8, 0, 0);
  // In the first 40 steps every task shows up; tasks are not trained one after the other.
  std::set<int32_t> tasks;
  for (size_t b = 0; b < 40; ++b)
    for (int64_t i : plan[b]) tasks.insert(train[i].task);
  EXPECT_EQ(tasks.size(), 4u);
}

}  // namespace
}  // namespace hycam::data
