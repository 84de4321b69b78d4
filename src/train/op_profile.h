// Where a training step's time goes: libtorch's profiler around the step, written as a Chrome
// trace (open it in chrome://tracing or ui.perfetto.dev) and summed per operator.
#pragma once
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>

namespace hycam {

struct OpTime {
  std::string op;
  double ms = 0;  // self time: the op's own, not that of the ops it called
  int64_t calls = 0;
};

// The operators of a Chrome trace (libtorch's profiler format: nested "X" events per thread)
// by self time, largest first, at most `top` of them.
std::vector<OpTime> ops_by_self_time(const std::string& trace_json, size_t top);

class StepProfile {
 public:
  StepProfile();  // starts recording
  // Stops recording, writes the trace to `path` (atomically) and returns ops_by_self_time.
  std::vector<OpTime> finish(const std::string& path, size_t top);

 private:
  std::ostringstream trace_;
  std::unique_ptr<torch::autograd::profiler::RecordProfile> recording_;
};

}  // namespace hycam
