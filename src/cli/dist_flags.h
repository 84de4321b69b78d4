// Data-parallel flags shared by `hycam train` and `hycam bench train`, and the one entry point
// both run through: under torchrun (or Slurm with MASTER_ADDR) this process joins the job its
// environment describes; with --nproc N it starts N local workers instead and waits for them.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>

#include "distributed/communicator.h"

namespace hycam::cli {

struct DistFlags {
  int nproc = 1;             // > 1: start this many local ranks (no torchrun); 1: this process
  int timeout_s = 600;       // rendezvous and every collective; then a rank gives up with an error
};

void add_dist_flags(CLI::App* cmd, DistFlags& flags);

// Runs `body` as this process's rank (a single process without the environment); errors of a
// rank name it. With --nproc N > 1 starts the workers, each of which runs `body`.
void run_data_parallel(const DistFlags& flags, const std::function<void(Communicator&)>& body);

// Intra-op threads for this rank: `requested` if > 0, else the cores shared among this machine's
// ranks (ranks x threads <= cores), else 0 (libtorch's default, one per core).
int threads_per_rank(int64_t requested, const DistEnv& env);

}  // namespace hycam::cli
