// Bucketed gradient all-reduce over two ranks (two threads of this process, a real TCPStore and
// Gloo group on 127.0.0.1): sums in place, fills in gradients a rank never computed.
#include <gtest/gtest.h>

#include <future>

#include "distributed/grad_buckets.h"
#include "distributed/launcher.h"

namespace hycam {
namespace {

TEST(GradBuckets, ConsecutiveTensorsOfOneDtypeUpToTheSize) {
  std::vector<torch::Tensor> p = {torch::zeros({10}), torch::zeros({10}), torch::zeros({30}),
                                  torch::zeros({5}, torch::kFloat64), torch::zeros({5}, torch::kFloat64)};
  // 40 floats = 160 bytes per bucket: 10+10 fit, 30 starts a new one, float64 starts another.
  EXPECT_EQ(grad_buckets(p, 160), (std::vector<std::vector<size_t>>{{0, 1}, {2}, {3, 4}}));
  EXPECT_EQ(grad_buckets(p, 1), (std::vector<std::vector<size_t>>{{0}, {1}, {2}, {3}, {4}}));
}

TEST(GradBuckets, SumsOverTwoRanks) {
  const uint16_t port = free_local_port();
  auto rank_main = [&](int rank) {
    DistEnv env;
    env.rank = rank;
    env.world_size = env.local_world_size = 2;
    env.master_addr = "127.0.0.1";
    env.master_port = port;
    auto comm = Communicator::connect(env, std::chrono::seconds(20));
    std::vector<torch::Tensor> params = {torch::zeros({3}, torch::requires_grad()),
                                         torch::zeros({2, 2}, torch::requires_grad())};
    params[0].mutable_grad() = torch::full({3}, rank + 1.0);
    if (rank == 0) params[1].mutable_grad() = torch::arange(4.0).view({2, 2});  // rank 1 had no rows
    all_reduce_gradients(comm, params, /*bucket_bytes=*/12);  // two buckets
    return std::vector<torch::Tensor>{params[0].grad(), params[1].grad()};
  };
  auto r1 = std::async(std::launch::async, rank_main, 1);
  auto g0 = rank_main(0);
  auto g1 = r1.get();
  for (const auto& g : {g0, g1}) {
    EXPECT_TRUE(torch::equal(g[0], torch::full({3}, 3.0)));
    EXPECT_TRUE(torch::equal(g[1], torch::arange(4.0).view({2, 2})));
  }
}

TEST(Launcher, NprocIsTakenOutOfTheWorkersCommandLine) {
  EXPECT_EQ(without_nproc({"hycam", "train", "--nproc", "2", "--batch", "2", "--nproc=3"}),
            (std::vector<std::string>{"hycam", "train", "--batch", "2"}));
}

}  // namespace
}  // namespace hycam
