// Thread setup: BLAS gets the cores, libtorch one thread; the BLAS in use is found and named.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sstream>

#include "model/compute_threads.h"

namespace hycam {
namespace {

TEST(ComputeThreads, BlasGetsTheCoresTorchOne) {
  EXPECT_GE(usable_cores(), 1);
  EXPECT_EQ(set_compute_threads(0), usable_cores());
  EXPECT_EQ(torch::get_num_threads(), 1);
  EXPECT_EQ(set_compute_threads(1), 1);
}

TEST(ComputeThreads, OpenBlasIsFoundAndNoWarningIsGiven) {
  torch::mm(torch::ones({4, 4}), torch::ones({4, 4}));  // BLAS is loaded with libtorch
  EXPECT_NE(blas_library().find("openblas"), std::string::npos) << blas_library();
  std::ostringstream warn;
  warn_if_reference_blas(warn);
  EXPECT_EQ(warn.str(), "");
}

}  // namespace
}  // namespace hycam
