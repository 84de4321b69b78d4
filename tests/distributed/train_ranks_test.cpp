// `hycam train` over several ranks, run as users run it: --nproc and torchrun's environment.
//   - torchrun starts the ranks (when installed);
//   - 2 ranks equal 1 process on the same --batch: losses, eval and final adapter (hycam, lora),
//     with uneven lengths, 3 tasks, and a short micro-batch that leaves one rank idle;
//   - a rank killed mid-run stops the other with a message and non-zero status; the checkpoint
//     on disk is intact and a single process resumes it;
//   - an unreachable master, --nproc 0 and WORLD_SIZE without MASTER_ADDR fail with a message.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <torch/torch.h>

#include "distributed/launcher.h"
#include "io/safetensors.h"
#include "util/json_lines.h"
#include "util/shared_path.h"

namespace hycam {
namespace {
namespace fs = std::filesystem;
using Env = std::vector<std::pair<std::string, std::string>>;

struct Exit {
  int status = -1;  // exit status; -1 when killed or timed out
  double seconds = 0;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts the program argv[0] with extra environment; stdout and stderr go to `log`.
pid_t spawn(std::vector<std::string> argv, const Env& env, const std::string& log) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  for (const char* v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"}) unsetenv(v);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

// Starts `hycam ARGS`.
pid_t start(const std::vector<std::string>& args, const Env& env, const std::string& log) {
  std::vector<std::string> argv = {HYCAM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return spawn(argv, env, log);
}

// Waits at most `limit` for `pid`; kills it (and fails the test) past that.
Exit wait_for(pid_t pid, const std::string& log, std::chrono::seconds limit) {
  const auto t0 = std::chrono::steady_clock::now();
  Exit e;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() - t0 > limit) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "still running after " << limit.count() << " s: " << log;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  e.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  e.err = slurp(log);
  return e;
}

Exit run(const std::vector<std::string>& args, const Env& env = {}, std::chrono::seconds limit = std::chrono::seconds(50)) {
  const auto log = (fs::temp_directory_path() / ("hycam-dist-" + std::to_string(::getpid()) + ".log")).string();
  auto e = wait_for(start(args, env, log), log, limit);
  fs::remove(log);
  return e;
}

fs::path root() {
  const auto dir = fs::temp_directory_path() / ("hycam_test_dist_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// 3 tasks x 5 samples: 11 training samples of uneven lengths, so batches of 2 end with a short one.
std::vector<std::string> tiny_train(const std::string& method, const std::string& out) {
  return {"train", "--model", shared_path("models/stories260K"),
          "--data", "dolly=" + shared_path("data/dolly_2k.json"),
          "--data", "code=" + shared_path("data/code_alpaca_2k.json"),
          "--data", "icliniq=" + shared_path("data/icliniq_1k.json"),
          "--max-samples", "5", "--max-len", "256", "--batch", "2", "--grad-accum", "2", "--epochs", "2",
          "--lr", "1e-3", "--eval-max-samples", "3", "--method", method, "--threads", "1",
          "--out", out, "--overwrite"};
}

// `args` with FLAG's value replaced (or FLAG VALUE appended).
std::vector<std::string> with(std::vector<std::string> args, const std::string& flag, const std::string& value) {
  auto it = std::find(args.begin(), args.end(), flag);
  if (it == args.end()) args.insert(args.end(), {flag, value});
  else *(it + 1) = value;
  return args;
}

// The step of the checkpoint on disk; -1 while there is none (or it is being swapped in).
int64_t checkpoint_step(const std::string& dir) {
  try {
    return read_json_file(dir + "/checkpoint/state.json")["step"].get<int64_t>();
  } catch (const std::exception&) {
    return -1;
  }
}

std::vector<nlohmann::json> records(const std::string& dir, const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const auto& r : read_json_lines(dir + "/metrics.jsonl"))
    if (r["type"] == type) out.push_back(r);
  return out;
}

double adapter_difference(const std::string& a_dir, const std::string& b_dir) {
  io::SafetensorsFile a(a_dir + "/adapter.safetensors"), b(b_dir + "/adapter.safetensors");
  EXPECT_EQ(a.names(), b.names());
  double worst = 0;
  for (const auto& name : a.names()) {
    const auto &va = a.tensor(name), &vb = b.tensor(name);
    auto ta = torch::from_blob(const_cast<uint8_t*>(va.data), va.shape, torch::kFloat32);
    auto tb = torch::from_blob(const_cast<uint8_t*>(vb.data), vb.shape, torch::kFloat32);
    worst = std::max(worst, (ta - tb).abs().max().item<double>());
  }
  return worst;
}

// Each test's run directories go when it ends.
class TrainRanks : public ::testing::Test {
  void TearDown() override { fs::remove_all(root()); }
};

TEST_F(TrainRanks, TwoRanksEqualOneProcess) {
  for (const std::string method : {"hycam", "lora"}) {
    const auto one = (root() / (method + "_1")).string(), two = (root() / (method + "_2")).string();
    auto single = run(tiny_train(method, one));
    ASSERT_EQ(single.status, 0) << single.err;
    auto ranks = run(with(tiny_train(method, two), "--nproc", "2"));
    ASSERT_EQ(ranks.status, 0) << ranks.err;
    EXPECT_NE(ranks.err.find("data parallel: 2 ranks"), std::string::npos) << ranks.err;

    const auto a = records(one, "train"), b = records(two, "train");
    ASSERT_EQ(a.size(), b.size());
    ASSERT_GE(a.size(), 5u);
    for (size_t s = 0; s < a.size(); ++s) {
      EXPECT_NEAR(a[s]["lm_loss"].get<double>(), b[s]["lm_loss"].get<double>(), 1e-5) << method << " step " << s + 1;
      EXPECT_NEAR(a[s]["balance_loss"].get<double>(), b[s]["balance_loss"].get<double>(), 1e-5) << method;
      EXPECT_EQ(a[s]["real_tokens"], b[s]["real_tokens"]);
      EXPECT_EQ(b[s]["ranks"], 2);
    }
    if (method == "hycam") EXPECT_GT(a[0]["balance_loss"].get<double>(), 0.5);
    const auto ea = records(one, "eval").back(), eb = records(two, "eval").back();
    for (const auto& [task, v] : ea["tasks"].items()) {
      EXPECT_NEAR(v["loss"].get<double>(), eb["tasks"][task]["loss"].get<double>(), 1e-5) << task;
      EXPECT_EQ(v["tokens"], eb["tasks"][task]["tokens"]) << task;
    }
    EXPECT_LE(adapter_difference(one, two), 1e-5) << method;
  }
}

// torchrun's agent serves the TCPStore itself; the ranks join it (1.13 flags, -r 1 -t 1: see docs).
TEST_F(TrainRanks, UnderTorchrun) {
  if (system("command -v torchrun >/dev/null 2>&1") != 0) GTEST_SKIP() << "torchrun is not installed";
  const auto dir = (root() / "torchrun").string();
  std::vector<std::string> args = {"/bin/sh", "-c", "exec torchrun --no_python -r 1 -t 1 --nproc_per_node 2 --master_port " +
                                                        std::to_string(free_local_port()) + " \"$@\"", "sh", HYCAM_BINARY};
  for (const auto& a : with(tiny_train("lora", dir), "--epochs", "1")) args.push_back(a);
  const auto log = (root() / "torchrun.log").string();
  const pid_t pid = spawn(args, {}, log);
  const auto r = wait_for(pid, log, std::chrono::seconds(50));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto steps = records(dir, "train");
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back()["ranks"], 2);
  EXPECT_TRUE(fs::exists(dir + "/adapter.safetensors"));
}

TEST_F(TrainRanks, KilledRankStopsTheOtherAndTheCheckpointResumes) {
  const auto dir = (root() / "killed").string();
  const auto args = with(with(with(tiny_train("lora", dir), "--epochs", "15"), "--save-every", "1"), "--dist-timeout", "30");
  const auto port = std::to_string(free_local_port());
  std::vector<pid_t> pids;
  std::vector<std::string> logs;
  for (int r = 0; r < 2; ++r) {
    logs.push_back((root() / ("rank" + std::to_string(r) + ".log")).string());
    pids.push_back(start(args, {{"RANK", std::to_string(r)}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"},
                                {"MASTER_PORT", port}},
                         logs.back()));
  }
  // Kill rank 1 once a few checkpoints have been written.
  const auto t0 = std::chrono::steady_clock::now();
  while (checkpoint_step(dir) < 3 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(40))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_GE(checkpoint_step(dir), 3) << slurp(logs[0]);
  kill(pids[1], SIGKILL);
  const auto killed = wait_for(pids[1], logs[1], std::chrono::seconds(10));
  const auto survivor = wait_for(pids[0], logs[0], std::chrono::seconds(40));
  EXPECT_NE(survivor.status, 0);
  EXPECT_LT(survivor.seconds, 10) << "the survivor noticed late";
  EXPECT_EQ(killed.status, -1);
  EXPECT_NE(survivor.err.find("error: rank 0 of 2: "), std::string::npos) << survivor.err;
  EXPECT_NE(survivor.err.find("did a rank die"), std::string::npos) << survivor.err;

  const int64_t step = checkpoint_step(dir);
  EXPECT_GE(step, 3);
  EXPECT_FALSE(fs::exists(dir + "/checkpoint.tmp"));
  auto resumed = run({"train", "--resume", dir});
  EXPECT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming at step " + std::to_string(step)), std::string::npos) << resumed.err;
  EXPECT_TRUE(fs::exists(dir + "/adapter.safetensors"));
}

TEST_F(TrainRanks, UnreachableMasterFailsWithinTheTimeout) {
  const auto dir = (root() / "lonely").string();
  const auto args = with(tiny_train("lora", dir), "--dist-timeout", "3");
  const Env env = {{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"},
                   {"MASTER_PORT", std::to_string(free_local_port())}};
  auto r = run(args, env, std::chrono::seconds(30));
  EXPECT_EQ(r.status, 1);
  EXPECT_LT(r.seconds, 20);
  EXPECT_NE(r.err.find("error: rank 1 of 2: no rendezvous with the master at 127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("within 3 s"), std::string::npos) << r.err;
}

TEST_F(TrainRanks, BadLaunchSettingsFailWithAMessage) {
  const auto dir = (root() / "bad").string();
  auto r = run(with(tiny_train("lora", dir), "--nproc", "0"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--nproc 0: must be at least 1"), std::string::npos) << r.err;

  r = run(tiny_train("lora", dir), {{"RANK", "0"}, {"WORLD_SIZE", "2"}});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("MASTER_ADDR is not set"), std::string::npos) << r.err;

  r = run(with(with(tiny_train("lora", dir), "--batch", "1"), "--nproc", "2"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("give at least one sample per rank"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hycam
