#include "distributed/env.h"

#include <cstdlib>

#include "util/error.h"

namespace hycam {
namespace {

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

int to_int(const std::string& name, const std::string& value, int lo, int hi) {
  size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || v < lo || v > hi)
    throw Error(name + "=" + value + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

// Slurm writes tasks per node as "2(x3),1"; the first count is this node's in the usual even layout.
int leading_count(const std::string& name, const std::string& value) {
  return to_int(name, value.substr(0, value.find_first_not_of("0123456789")), 1, 1 << 20);
}

}  // namespace

DistEnv dist_env_from_environment(const EnvLookup& lookup) {
  auto get = [&](const std::string& name) { return lookup ? lookup(name) : process_env(name); };
  DistEnv e;
  const bool torchrun = get("WORLD_SIZE").has_value() || get("RANK").has_value();
  const bool slurm = !torchrun && get("SLURM_NTASKS") && get("MASTER_ADDR");
  if (!torchrun && !slurm) return e;
  const std::string world_var = torchrun ? "WORLD_SIZE" : "SLURM_NTASKS", rank_var = torchrun ? "RANK" : "SLURM_PROCID",
                    local_var = torchrun ? "LOCAL_RANK" : "SLURM_LOCALID";
  if (!get(world_var) || !get(rank_var)) throw Error(rank_var + " and " + world_var + " must be set together");
  e.world_size = to_int(world_var, *get(world_var), 1, 1 << 20);
  e.rank = to_int(rank_var, *get(rank_var), 0, e.world_size - 1);
  e.local_rank = get(local_var) ? to_int(local_var, *get(local_var), 0, e.world_size - 1) : e.rank;
  if (torchrun && get("LOCAL_WORLD_SIZE")) e.local_world_size = to_int("LOCAL_WORLD_SIZE", *get("LOCAL_WORLD_SIZE"), 1, e.world_size);
  else if (slurm && get("SLURM_NTASKS_PER_NODE")) e.local_world_size = leading_count("SLURM_NTASKS_PER_NODE", *get("SLURM_NTASKS_PER_NODE"));
  else e.local_world_size = e.world_size;
  if (!e.distributed()) return e;
  if (!get("MASTER_ADDR") || get("MASTER_ADDR")->empty())
    throw Error(world_var + "=" + std::to_string(e.world_size) + " but MASTER_ADDR is not set: give the address of rank 0's machine");
  if (!get("MASTER_PORT")) throw Error("MASTER_ADDR is set but MASTER_PORT is not: give a free TCP port on rank 0's machine");
  e.master_addr = *get("MASTER_ADDR");
  e.master_port = static_cast<uint16_t>(to_int("MASTER_PORT", *get("MASTER_PORT"), 1, 65535));
  if (get("TORCHELASTIC_USE_AGENT_STORE").value_or("") == "True")
    e.agent_store_prefix = "/worker/attempt_" + get("TORCHELASTIC_RESTART_COUNT").value_or("0");
  return e;
}

}  // namespace hycam
