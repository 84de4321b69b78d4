// Runs the hycam binary as a user does (HYCAM_BINARY, set by CMake), for the command-line tests.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hycam::test {

struct Run {
  int status = -1;
  std::string out, err;
};

inline std::string quoted(const std::string& s) {  // for sh: '...' with ' written as '\''
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `hycam ARGS...`; stdout and stderr apart. `env` goes before the command, for sh
// ("VAR=value ", "env -u VAR ").
inline Run hycam(const std::vector<std::string>& args, const std::string& env = "") {
  const auto err_path = (std::filesystem::temp_directory_path() / ("hycam-cli-" + std::to_string(::getpid()) + ".err")).string();
  std::string cmd = env + quoted(HYCAM_BINARY);
  for (const auto& a : args) cmd += " " + quoted(a);
  cmd += " 2>" + quoted(err_path);
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = slurp(err_path);
  std::filesystem::remove(err_path);
  return r;
}

inline std::string chomp(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace hycam::test
