// Learning-rate schedule: linear warmup from 0 over the first warmup_steps, then cosine decay to
// min_ratio * peak at the last step.
#pragma once
#include <cstdint>

namespace hycam {

struct LrSchedule {
  double peak = 2e-5;
  int64_t warmup_steps = 0;
  int64_t total_steps = 1;
  double min_ratio = 0.0;

  double at(int64_t step) const;  // step counts from 0
};

}  // namespace hycam
