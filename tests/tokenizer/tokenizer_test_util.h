// Helpers shared by the tokenizer tests: golden files, temporary tokenizer folders.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// A fresh folder under the system temp dir, removed when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& file, const std::string& content) const {
    const std::string p = (path_ / file).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace hycam::test
