// The four real tasks loaded together: sizes, task indices, stats that agree with the samples,
// the summary, and the errors of a bad task list.
#include "data/multi_task.h"

#include <gtest/gtest.h>

#include <iostream>

#include "data_test_util.h"

namespace hycam::data {
namespace {

using test::contains;
using test::error_of;

TEST(MultiTask, RealTasksSplitAndTokenized) {
  const MultiTaskData& d = test::real_data();
  ASSERT_EQ(d.tasks.size(), 4u);
  EXPECT_EQ(d.task_names(), (std::vector<std::string>{"auto_cot", "code_alpaca_2k", "dolly_2k", "icliniq_1k"}));
  size_t train = 0, eval = 0;
  for (size_t t = 0; t < d.tasks.size(); ++t) {
    const auto& task = d.tasks[t];
    EXPECT_EQ(task.train.size() + task.eval.size() + task.test.size(), test::real_tasks()[t].examples);
    EXPECT_EQ(d.stats[t].train.samples, static_cast<int64_t>(task.train.size()));
    EXPECT_EQ(d.stats[t].eval.samples, static_cast<int64_t>(task.eval.size()));
    train += task.train.size();
    eval += task.eval.size();
  }
  ASSERT_EQ(d.train.size(), train);
  ASSERT_EQ(d.eval.size(), eval);
  // Samples come task after task, each tagged with its task's index.
  EXPECT_EQ(d.train.front().task, 0);
  EXPECT_EQ(d.train.back().task, 3);
  EXPECT_EQ(d.train[d.tasks[0].train.size()].task, 1);
  std::vector<TokenizeStats> recount(4);
  for (const auto& s : d.train) {
    recount[s.task].add(s);
    EXPECT_LE(static_cast<int64_t>(s.ids.size()), test::kRealMaxLen);
  }
  for (size_t t = 0; t < 4; ++t) {
    EXPECT_EQ(recount[t].tokens, d.stats[t].train.tokens);
    EXPECT_EQ(recount[t].target_tokens, d.stats[t].train.target_tokens);
    EXPECT_EQ(recount[t].truncated, d.stats[t].train.truncated);
  }
  const std::string summary = d.summary();
  std::cout << summary;
  EXPECT_TRUE(contains(summary, "auto_cot: 4071 train / 1163 eval / 582 test, ")) << summary;
  EXPECT_TRUE(contains(summary, " truncated at 512 tokens, ")) << summary;
}

TEST(MultiTask, RefusesABadTaskList) {
  const Tokenizer& tok = test::stories_tokenizer();
  EXPECT_TRUE(contains(error_of([&] { load_multi_task({}, {}, tok, {}); }), "no task data"));
  const std::string dolly = shared_path("data/dolly_2k.json");
  const std::string msg = error_of([&] { load_multi_task({{"a", dolly}, {"a", dolly}}, {}, tok, {}); });
  EXPECT_TRUE(contains(msg, "two tasks are named 'a'")) << msg;
  EXPECT_TRUE(contains(error_of([&] {
                         load_multi_task({{"a", "/nonexistent.json"}}, {}, tok, {});
                       }),
                       "/nonexistent.json: cannot open"));
}

}  // namespace
}  // namespace hycam::data
