// Per-task train/eval/test split: a seeded shuffle (rng.h, so a split is the same with any standard
// library), an optional cap on the task's size, then eval and test cut off the front; the default
// train:eval:test is 7:2:1, as the official HyCAM code.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/examples.h"

namespace hycam::data {

struct SplitOptions {
  double eval_fraction = 0.2;  // of the (capped) task, rounded to the nearest example
  double test_fraction = 0.1;
  int64_t max_samples = -1;  // cap per task, taken after the shuffle; -1: no cap
  uint64_t seed = 0;         // each task shuffles with its own stream of it (by name)
  void validate() const;     // throws hycam::Error naming the option
};

struct TaskData {
  std::string name;
  std::vector<Example> train, eval, test;
};

// The shuffle depends on (seed, name) only, so adding a task does not change the others' splits.
// Throws hycam::Error when the options are invalid or leave the task no training example.
TaskData split_task(std::string name, std::vector<Example> examples, const SplitOptions& opts);

}  // namespace hycam::data
