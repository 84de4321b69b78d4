// Helpers shared by the data tests: temporary data files, the stories260K tokenizer, and the four
// real tasks of shared/data loaded once per test process (tokenizing them takes a while).
#pragma once

#include <string>
#include <vector>

#include "data/multi_task.h"
#include "test_files.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/shared_path.h"

namespace hycam::data::test {

using hycam::test::error_of;
using hycam::test::TempDir;

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline const Tokenizer& stories_tokenizer() {
  static const Tokenizer tok = Tokenizer::from_dir(shared_path("models/stories260K"));
  return tok;
}

struct RealTask {
  const char* name;
  size_t examples;
};
// The counts were checked against Python's json.load.
inline const std::vector<RealTask>& real_tasks() {
  static const std::vector<RealTask> tasks = {
      {"auto_cot", 5816}, {"code_alpaca_2k", 2017}, {"dolly_2k", 2000}, {"icliniq_1k", 1000}};
  return tasks;
}

constexpr int64_t kRealMaxLen = 512;

// All four tasks with the default split and tokenization (max_len 512), loaded on first use.
inline const MultiTaskData& real_data() {
  static const MultiTaskData data = [] {
    std::vector<TaskSource> sources;
    for (const auto& t : real_tasks())
      sources.push_back({t.name, shared_path(std::string("data/") + t.name + ".json")});
    TokenizeOptions tokenize;
    tokenize.max_len = kRealMaxLen;
    return load_multi_task(sources, SplitOptions{}, stories_tokenizer(), tokenize);
  }();
  return data;
}

}  // namespace hycam::data::test
