// Everything a multi-task run reads, in one call: each task file loaded, split (split.h) and its
// train and eval parts tokenized (tokenize.h), with per-task counts for the start-of-run report.
// The test part stays as examples: it is for generation (eval/), not for the loss.
#pragma once
#include <string>
#include <vector>

#include "data/examples.h"
#include "data/split.h"
#include "data/tokenize.h"
#include "tokenizer/tokenizer.h"

namespace hycam::data {

struct TaskStats {
  TokenizeStats train, eval;
};

struct MultiTaskData {
  std::vector<TaskData> tasks;      // in the order given; Sample::task indexes this
  std::vector<Sample> train, eval;  // all tasks, task after task (batching mixes them)
  std::vector<TaskStats> stats;     // per task
  int64_t max_len = 0;              // the TokenizeOptions' one, for the report

  std::vector<std::string> task_names() const;
  // One line per task: "auto_cot: 4071 train / 1163 eval / 582 test, 12 truncated at 512 tokens,
  // 1010467 train tokens (38.1% targets)".
  std::string summary() const;
};

// Throws hycam::Error for no sources, two tasks of the same name, or any error of the steps.
MultiTaskData load_multi_task(const std::vector<TaskSource>& sources, const SplitOptions& split, const Tokenizer& tok,
                              const TokenizeOptions& tokenize);

}  // namespace hycam::data
