// Where this process sits in a data-parallel job, read from the environment the way every
// torchrun program does: RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT.
// Under Slurm without torchrun, SLURM_PROCID / SLURM_NTASKS / SLURM_LOCALID stand in for the
// first three when MASTER_ADDR and MASTER_PORT are given. No variables: a single process.
// torchrun's agent already serves the TCPStore at MASTER_PORT (TORCHELASTIC_USE_AGENT_STORE=True):
// then every rank, rank 0 included, joins it as a client under the key prefix of its restart.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace hycam {

struct DistEnv {
  int rank = 0, world_size = 1;
  int local_rank = 0, local_world_size = 1;  // ranks on this machine (threads are shared among them)
  std::string master_addr;
  uint16_t master_port = 0;
  std::string agent_store_prefix;  // "/worker/attempt_N" under torchrun's agent store; empty: rank 0 serves
  bool distributed() const { return world_size > 1; }
};

// Reads `getenv` (the process environment by default); throws hycam::Error naming the variable
// when one is malformed or missing (WORLD_SIZE > 1 without MASTER_ADDR, RANK >= WORLD_SIZE, ...).
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
DistEnv dist_env_from_environment(const EnvLookup& getenv = {});

}  // namespace hycam
