// Per-task splits: sizes, disjointness, determinism, the cap, option checks, and the PRNG against
// splitmix64's reference values (what makes a split the same on every machine).
#include "data/split.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "data/rng.h"
#include "data_test_util.h"

namespace hycam::data {
namespace {

using test::contains;
using test::error_of;

std::vector<Example> numbered(int n) {
  std::vector<Example> v;
  for (int i = 0; i < n; ++i) v.push_back({"q" + std::to_string(i), "", "a" + std::to_string(i)});
  return v;
}

std::vector<std::string> instructions(const std::vector<Example>& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(e.instruction);
  return out;
}

TEST(Rng, SplitMix64MatchesTheReferenceOutputs) {
  SplitMix64 rng{1234567};  // the first outputs of Vigna's splitmix64.c for this seed
  EXPECT_EQ(rng.next(), 6457827717110365317ull);
  EXPECT_EQ(rng.next(), 3203168211198807973ull);
  EXPECT_EQ(rng.next(), 9817491932198370423ull);
}

TEST(Rng, ShuffleIsAPermutationAndPinned) {
  std::vector<int> v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  seeded_shuffle(v, 42);
  EXPECT_EQ(std::set<int>(v.begin(), v.end()).size(), 10u);
  // Pinned: a change here changes every split and batch plan made so far.
  EXPECT_EQ(v, (std::vector<int>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
}

TEST(Split, DefaultsGive70_20_10WithoutOverlap) {
  const TaskData t = split_task("task", numbered(100), SplitOptions{});
  EXPECT_EQ(t.name, "task");
  EXPECT_EQ(t.train.size(), 70u);
  EXPECT_EQ(t.eval.size(), 20u);
  EXPECT_EQ(t.test.size(), 10u);
  std::set<std::string> all;
  for (const auto* part : {&t.train, &t.eval, &t.test})
    for (const auto& e : *part) all.insert(e.instruction);
  EXPECT_EQ(all.size(), 100u);
}

TEST(Split, SameSeedSameSplitOtherSeedOrNameOther) {
  SplitOptions o;
  o.seed = 7;
  const auto a = split_task("task", numbered(100), o), b = split_task("task", numbered(100), o);
  EXPECT_EQ(instructions(a.train), instructions(b.train));
  EXPECT_EQ(instructions(a.eval), instructions(b.eval));
  EXPECT_EQ(instructions(a.test), instructions(b.test));
  o.seed = 8;
  EXPECT_NE(instructions(split_task("task", numbered(100), o).eval), instructions(a.eval));
  o.seed = 7;
  EXPECT_NE(instructions(split_task("other", numbered(100), o).eval), instructions(a.eval));
}

TEST(Split, MaxSamplesCapsAfterTheShuffle) {
  SplitOptions o;
  o.max_samples = 30;
  const auto t = split_task("task", numbered(100), o);
  EXPECT_EQ(t.train.size(), 21u);
  EXPECT_EQ(t.eval.size(), 6u);
  EXPECT_EQ(t.test.size(), 3u);
  // Taken after the shuffle: not simply the first 30 records of the file.
  int beyond_30 = 0;
  for (const auto& e : t.train) beyond_30 += std::stoi(e.instruction.substr(1)) >= 30;
  EXPECT_GT(beyond_30, 0);
  o.max_samples = 1000;  // above the task's size: no cap
  EXPECT_EQ(split_task("task", numbered(100), o).train.size(), 70u);
}

TEST(Split, RealTaskSizes) {
  const auto t = split_task("auto_cot", load_examples(shared_path("data/auto_cot.json")), SplitOptions{});
  EXPECT_EQ(t.train.size(), 4071u);
  EXPECT_EQ(t.eval.size(), 1163u);
  EXPECT_EQ(t.test.size(), 582u);
}

TEST(Split, InvalidOptionsAndTooFewExamples) {
  auto split_with = [](double eval, double test, int64_t max_samples, int n) {
    SplitOptions o;
    o.eval_fraction = eval;
    o.test_fraction = test;
    o.max_samples = max_samples;
    return error_of([&] { split_task("t", numbered(n), o); });
  };
  EXPECT_TRUE(contains(split_with(0.5, 0.5, -1, 100), "sum below 1"));
  EXPECT_TRUE(contains(split_with(-0.1, 0.1, -1, 100), "must be >= 0"));
  EXPECT_TRUE(contains(split_with(std::nan(""), 0.1, -1, 100), "must be >= 0"));
  EXPECT_TRUE(contains(split_with(0.2, 0.1, 0, 100), "max samples 0: must be positive, or -1"));
  EXPECT_TRUE(contains(split_with(0.3, 0.6, -1, 2), "task t: 2 examples leave none for training"));
  EXPECT_EQ(split_with(0.2, 0.1, -1, 1), "(no error)");  // one example: all of it trains
}

}  // namespace
}  // namespace hycam::data
