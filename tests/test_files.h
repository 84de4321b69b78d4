// Helpers every test folder uses: a temporary folder that cleans up after itself, and the message
// of the hycam::Error a piece of code throws.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "util/error.h"

namespace hycam::test {

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

  std::string path() const { return path_.string(); }
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

}  // namespace hycam::test
