// Communicator: this process's handle on the data-parallel job, a c10d ProcessGroupGloo
// (rendezvous through c10d's TCPStore at MASTER_ADDR:MASTER_PORT). A default-constructed one is a
// single process: rank 0 of 1, and callers skip collectives altogether (no calls when size() == 1).
// Every collective fails with hycam::Error naming the timeout, never hangs past it: a peer that
// died closes its sockets, one that hangs runs into the timeout.
#pragma once
#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <vector>

#include "distributed/env.h"

namespace hycam {

class Communicator {
 public:
  Communicator() = default;  // a single process
  // Joins the job described by `env` (rank 0 serves the TCPStore); throws hycam::Error when the
  // master cannot be reached or not every rank arrives within `timeout`.
  static Communicator connect(const DistEnv& env, std::chrono::milliseconds timeout);

  int rank() const { return env_.rank; }
  int size() const { return env_.world_size; }
  const DistEnv& env() const { return env_; }
  bool is_main() const { return env_.rank == 0; }

  // Sums each tensor in place over all ranks (CPU, contiguous). All are started before any is
  // awaited, so Gloo's threads work on several at once.
  void all_reduce_sum(const std::vector<torch::Tensor>& tensors);
  // Copies rank `root`'s tensor into every rank's (same shape and dtype everywhere).
  void broadcast(torch::Tensor& tensor, int root = 0);

 private:
  struct Group;
  DistEnv env_;
  std::chrono::milliseconds timeout_{0};
  std::shared_ptr<Group> group_;
};

}  // namespace hycam
