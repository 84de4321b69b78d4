// From a run's options to what the trainer and the evaluator consume: each --data file loaded and
// split per task (or --eval-data files for evaluation), tokenized with the loss mask, with a
// per-task report of sizes and truncation printed at the start.
#pragma once
#include <iostream>
#include <string>
#include <vector>

#include "data/split.h"
#include "data/tokenize.h"
#include "tokenizer/tokenizer.h"
#include "train/options.h"
#include "train/trainer.h"

namespace hycam {

std::vector<data::TaskData> load_task_examples(const TrainOptions& opts);
TrainInputs tokenize_inputs(const std::vector<data::TaskData>& tasks, const TrainOptions& opts,
                            const Tokenizer& tokenizer, std::ostream& log);
data::TokenizeOptions tokenize_options(const TrainOptions& opts);
// The examples of one split of a task: "eval", "test", "train" or "all".
std::vector<data::Example> split_examples(const data::TaskData& task, const std::string& split);

// Creates the run directory (marked with a .hycam-run file); refuses a non-empty one unless
// resuming, or overwrite is set and it is a hycam run directory.
// Writes run_config.json (when not resuming).
void prepare_run_dir(const TrainOptions& opts, bool resume);

}  // namespace hycam
