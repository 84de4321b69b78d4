// Which expert each task's tokens go to: for a routed adapter (hycam), per task and per layer, the
// share of real tokens sent to each expert on the eval split (argmax routing). This is the
// evidence that experts specialise by task.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/adapter.h"
#include "data/batching.h"

namespace hycam {

struct RoutingShares {
  std::vector<std::string> tasks;
  // shares[task][layer][expert], each [task][layer] row sums to 1.
  std::vector<std::vector<std::vector<double>>> shares;
  nlohmann::json to_json() const;
};

RoutingShares routing_shares(Adapter& adapter, const std::vector<data::Sample>& samples,
                             const std::vector<std::string>& tasks, int64_t batch_size, int32_t pad_id);

// routing.json and routing.svg (one heatmap per task: layers x experts) in `dir`.
void write_routing_report(const RoutingShares& shares, const std::string& dir);

}  // namespace hycam
