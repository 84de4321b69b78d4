#include "distributed/communicator.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <cstdlib>

#include "util/error.h"

namespace hycam {

struct Communicator::Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
};

namespace {

std::string seconds(std::chrono::milliseconds t) { return std::to_string(t.count() / 1000) + " s"; }

// GLOO_SOCKET_IFNAME picks the network interface, as in PyTorch; otherwise the one this
// machine's hostname resolves to.
std::shared_ptr<gloo::transport::Device> gloo_device() {
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME")) return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

Communicator Communicator::connect(const DistEnv& env, std::chrono::milliseconds timeout) {
  Communicator c;
  c.env_ = env;
  c.timeout_ = timeout;
  if (!env.distributed()) return c;
  const std::string master = env.master_addr + ":" + std::to_string(env.master_port);
  c.group_ = std::make_shared<Group>();
  try {
    c10d::TCPStoreOptions so;
    so.port = env.master_port;
    so.isServer = env.rank == 0 && env.agent_store_prefix.empty();
    so.numWorkers = env.world_size;
    so.waitWorkers = true;
    so.timeout = timeout;
    c.group_->store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, so);
    if (!env.agent_store_prefix.empty())
      c.group_->store = c10::make_intrusive<c10d::PrefixStore>(env.agent_store_prefix, c.group_->store);
  } catch (const std::exception& e) {
    throw Error("no rendezvous with the master at " + master + " within " + seconds(timeout) + " (" +
                (env.rank == 0 ? "is the port free, and did every rank start?"
                               : "is MASTER_ADDR/MASTER_PORT right, and is rank 0 running?") +
                "): " + e.what());
  }
  try {
    auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
    opts->devices.push_back(gloo_device());
    c.group_->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(c.group_->store, env.rank, env.world_size, opts);
  } catch (const std::exception& e) {
    throw Error("Gloo could not connect the ranks through " + master + " within " + seconds(timeout) +
                " (set GLOO_SOCKET_IFNAME to the network interface the machines share): " + e.what());
  }
  return c;
}

void Communicator::all_reduce_sum(const std::vector<torch::Tensor>& tensors) {
  if (!group_) return;
  try {
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (const auto& t : tensors) {
      std::vector<at::Tensor> one{t};
      works.push_back(group_->gloo->allreduce(one));
    }
    for (auto& w : works) w->wait(timeout_);
  } catch (const std::exception& e) {
    throw Error("all-reduce with the other ranks failed (did a rank die, or hang longer than " +
                seconds(timeout_) + "?): " + e.what());
  }
}

void Communicator::broadcast(torch::Tensor& tensor, int root) {
  if (!group_) return;
  try {
    std::vector<at::Tensor> one{tensor};
    c10d::BroadcastOptions o;
    o.rootRank = root;
    group_->gloo->broadcast(one, o)->wait(timeout_);
  } catch (const std::exception& e) {
    throw Error("broadcast from rank " + std::to_string(root) + " failed (did a rank die, or hang longer than " +
                seconds(timeout_) + "?): " + e.what());
  }
}

}  // namespace hycam
