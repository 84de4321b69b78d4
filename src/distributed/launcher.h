// `--nproc N` without torchrun: this program starts N copies of itself on this machine with the
// environment torchrun would give them (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE,
// MASTER_ADDR=127.0.0.1, MASTER_PORT = a free port) and waits for them. SIGINT/SIGTERM are passed
// on to the workers (they checkpoint and stop). When one worker fails, the others get `grace` to
// notice through their collectives and stop on their own; any still running then are killed.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hycam {

// `args` is the command line of each worker, args[0] included (this executable is re-run).
// Returns when every worker has exited 0; otherwise throws hycam::Error naming the first failed rank.
void run_local_workers(int nproc, const std::vector<std::string>& args, std::chrono::milliseconds grace);

// A port the kernel reports free on 127.0.0.1 (as torchrun's standalone mode picks one).
uint16_t free_local_port();

// `args` without "--nproc N" / "--nproc=N".
std::vector<std::string> without_nproc(const std::vector<std::string>& args);

}  // namespace hycam
