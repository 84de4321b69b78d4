#include "cli/dist_flags.h"

#include "cli/commands.h"
#include "distributed/launcher.h"
#include "model/compute_threads.h"
#include "util/error.h"

namespace hycam::cli {

void add_dist_flags(CLI::App* cmd, DistFlags& f) {
  cmd->add_option("--nproc", f.nproc, "start this many ranks on this machine (data parallel, without torchrun)")
      ->group("Data parallel");
  cmd->add_option("--dist-timeout", f.timeout_s, "seconds a rank waits for the others before it fails")
      ->capture_default_str()->group("Data parallel");
}

void run_data_parallel(const DistFlags& f, const std::function<void(Communicator&)>& body) {
  if (f.timeout_s < 1) throw Error("--dist-timeout " + std::to_string(f.timeout_s) + ": must be at least 1 second");
  const std::chrono::milliseconds timeout(1000LL * f.timeout_s);
  const auto env = dist_env_from_environment();
  if (f.nproc < 1) throw Error("--nproc " + std::to_string(f.nproc) + ": must be at least 1");
  if (f.nproc > 1 && env.distributed())
    throw Error("--nproc starts its own ranks; leave it out under torchrun or srun (WORLD_SIZE=" +
                std::to_string(env.world_size) + " is set)");
  if (f.nproc > 1) return run_local_workers(f.nproc, without_nproc(command_line()), timeout);
  if (!env.distributed()) {
    Communicator single;
    return body(single);
  }
  try {
    auto comm = Communicator::connect(env, timeout);
    body(comm);
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(env.rank) + " of " + std::to_string(env.world_size) + ": " + e.what());
  }
}

int threads_per_rank(int64_t requested, const DistEnv& env) {
  if (requested > 0) return static_cast<int>(requested);
  if (!env.distributed()) return 0;
  return std::max(1, usable_cores() / env.local_world_size);
}

}  // namespace hycam::cli
