// Helpers for tests that compare against ../shared: JSON files and the largest absolute difference
// between a tensor and a nested JSON array of numbers (as llm.c's test checker prints it).
#pragma once
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/shared_path.h"

namespace hycam::test {

inline nlohmann::json read_json(const std::string& relative) {
  std::ifstream in(hycam::shared_path(relative));
  return nlohmann::json::parse(in);
}

inline std::string stories_dir() { return hycam::shared_path("models/stories260K"); }

inline torch::Tensor tensor_of(const nlohmann::json& rows) {  // [T][V] -> float64 tensor
  std::vector<double> flat;
  for (const auto& row : rows)
    for (const auto& v : row) flat.push_back(v.get<double>());
  return torch::tensor(flat, torch::kFloat64).view({static_cast<int64_t>(rows.size()), -1});
}

inline torch::Tensor ids_of(const nlohmann::json& ids) {  // [T] -> [1,T] int64
  return torch::tensor(ids.get<std::vector<int64_t>>(), torch::kInt64).unsqueeze(0);
}

inline double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

}  // namespace hycam::test
