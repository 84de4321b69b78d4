#include "data/split.h"

#include <cmath>

#include "data/rng.h"
#include "util/error.h"

namespace hycam::data {

void SplitOptions::validate() const {
  // Written as !(ok) so that NaN fails too.
  if (!(eval_fraction >= 0 && test_fraction >= 0 && eval_fraction + test_fraction < 1))
    throw Error("eval fraction " + std::to_string(eval_fraction) + " and test fraction " +
                std::to_string(test_fraction) + " must be >= 0 and sum below 1");
  if (max_samples == 0 || max_samples < -1)
    throw Error("max samples " + std::to_string(max_samples) + ": must be positive, or -1 for all");
}

TaskData split_task(std::string name, std::vector<Example> examples, const SplitOptions& o) {
  o.validate();
  seeded_shuffle(examples, derive_seed(o.seed, fnv1a(name)));
  if (o.max_samples > 0 && static_cast<int64_t>(examples.size()) > o.max_samples) examples.resize(o.max_samples);
  const size_t n = examples.size();
  // Each part is rounded on its own; as the fractions sum below 1 they never take more than n.
  const auto n_eval = static_cast<size_t>(std::llround(static_cast<double>(n) * o.eval_fraction));
  const auto n_test = static_cast<size_t>(std::llround(static_cast<double>(n) * o.test_fraction));
  if (n_eval + n_test >= n)
    throw Error("task " + name + ": " + std::to_string(n) + " examples leave none for training after " +
                std::to_string(n_eval) + " eval and " + std::to_string(n_test) + " test; lower the fractions");
  TaskData t{std::move(name), {}, {}, {}};
  const auto eval_end = examples.begin() + static_cast<std::ptrdiff_t>(n_eval);
  const auto test_end = eval_end + static_cast<std::ptrdiff_t>(n_test);
  t.eval.assign(std::make_move_iterator(examples.begin()), std::make_move_iterator(eval_end));
  t.test.assign(std::make_move_iterator(eval_end), std::make_move_iterator(test_end));
  t.train.assign(std::make_move_iterator(test_end), std::make_move_iterator(examples.end()));
  return t;
}

}  // namespace hycam::data
