// Helpers shared by the data tests: temporary data files, the stories260K tokenizer, and the four
// real tasks of shared/data loaded once per test process (tokenizing them takes a while).
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "data/multi_task.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/shared_path.h"

namespace hycam::data::test {

// A fresh folder under the system temp dir, removed when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `content` byte for byte to <dir>/<name> and returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// The message of the hycam::Error that f() throws, or "(no error)".
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline const Tokenizer& stories_tokenizer() {
  static const Tokenizer tok = Tokenizer::from_dir(shared_path("models/stories260K"));
  return tok;
}

struct RealTask {
  const char* name;
  size_t examples;
};
// The counts were checked against Python's json.load.
inline const std::vector<RealTask>& real_tasks() {
  static const std::vector<RealTask> tasks = {
      {"auto_cot", 5816}, {"code_alpaca_2k", 2017}, {"dolly_2k", 2000}, {"icliniq_1k", 1000}};
  return tasks;
}

constexpr int64_t kRealMaxLen = 512;

// All four tasks with the default split and tokenization (max_len 512), loaded on first use.
inline const MultiTaskData& real_data() {
  static const MultiTaskData data = [] {
    std::vector<TaskSource> sources;
    for (const auto& t : real_tasks())
      sources.push_back({t.name, shared_path(std::string("data/") + t.name + ".json")});
    TokenizeOptions tokenize;
    tokenize.max_len = kRealMaxLen;
    return load_multi_task(sources, SplitOptions{}, stories_tokenizer(), tokenize);
  }();
  return data;
}

}  // namespace hycam::data::test
