// Helpers shared by the tokenizer tests: golden files, temporary tokenizer folders.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_files.h"
#include "util/json_lines.h"
#include "util/shared_path.h"

namespace hycam::test {

struct GoldenCase {
  std::string text;
  std::vector<int32_t> ids;
};

// A list of {"text", "ids"} (tokenizers/*/golden_ids.json) or {"cases": [...]} (models/*/golden).
inline std::vector<GoldenCase> read_golden(const std::string& path) {
  nlohmann::json j = read_json_file(path);
  const nlohmann::json& list = j.is_object() ? j["cases"] : j;
  std::vector<GoldenCase> cases;
  for (const auto& c : list)
    cases.push_back({c["text"].get<std::string>(), c["ids"].get<std::vector<int32_t>>()});
  return cases;
}

}  // namespace hycam::test
