#include "distributed/launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "util/error.h"

namespace hycam {
namespace {

std::vector<pid_t> g_workers;  // read by the signal handler

extern "C" void forward_signal(int sig) {
  for (pid_t p : g_workers)
    if (p > 0) kill(p, sig);
}

}  // namespace

uint16_t free_local_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  const bool ok = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  if (fd >= 0) close(fd);
  if (!ok) throw Error("--nproc: could not find a free TCP port on 127.0.0.1");
  return ntohs(addr.sin_port);
}

namespace {

pid_t start_worker(int rank, int nproc, uint16_t port, const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid < 0) throw Error("--nproc: could not start worker " + std::to_string(rank));
  if (pid > 0) return pid;
  const std::string n = std::to_string(nproc), r = std::to_string(rank);
  setenv("RANK", r.c_str(), 1);
  setenv("LOCAL_RANK", r.c_str(), 1);
  setenv("WORLD_SIZE", n.c_str(), 1);
  setenv("LOCAL_WORLD_SIZE", n.c_str(), 1);
  setenv("MASTER_ADDR", "127.0.0.1", 1);
  setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv("/proc/self/exe", argv.data());
  _exit(127);
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::vector<std::string> without_nproc(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--nproc") ++i;
    else if (args[i].rfind("--nproc=", 0) != 0) out.push_back(args[i]);
  }
  return out;
}

void run_local_workers(int nproc, const std::vector<std::string>& args, std::chrono::milliseconds grace) {
  if (nproc < 1) throw Error("--nproc " + std::to_string(nproc) + ": must be at least 1");
  const uint16_t port = free_local_port();
  g_workers.clear();
  for (int r = 0; r < nproc; ++r) g_workers.push_back(start_worker(r, nproc, port, args));
  auto old_int = signal(SIGINT, forward_signal), old_term = signal(SIGTERM, forward_signal);
  std::string failure;
  auto deadline = std::chrono::steady_clock::time_point::max();
  for (int running = nproc; running > 0;) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      if (std::chrono::steady_clock::now() > deadline) forward_signal(SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    const auto rank = std::find(g_workers.begin(), g_workers.end(), pid) - g_workers.begin();
    if (rank == nproc) continue;
    g_workers[rank] = 0;
    --running;
    if (status == 0 || !failure.empty()) continue;
    failure = "rank " + std::to_string(rank) + " " + describe_exit(status);
    deadline = std::chrono::steady_clock::now() + grace;
  }
  signal(SIGINT, old_int);
  signal(SIGTERM, old_term);
  if (!failure.empty()) throw Error("--nproc " + std::to_string(nproc) + ": " + failure + "; the job stopped");
}

}  // namespace hycam
