// bench generate on a small run: every figure is there and consistent.
#include <gtest/gtest.h>

#include "generate/bench_generate.h"
#include "generate_test_util.h"
#include "util/error.h"

namespace hycam {
namespace {

TEST(BenchGenerate, SmallRunReportsConsistentFigures) {
  GenerateBenchOptions o;
  o.model_dir = test::stories_dir();
  o.prompt_tokens = 16;
  o.new_tokens = 8;
  o.repeats = 1;
  o.bandwidth_mib = 16;
  auto r = run_generate_bench(o);
  std::cout << r.json.dump() << "\n" << r.table;
  EXPECT_GT(r.prefill_tokens_per_s, 0);
  EXPECT_GT(r.decode_tokens_per_s, 0);
  EXPECT_GT(r.memory_gb_per_s, 0);
  EXPECT_DOUBLE_EQ(r.weight_bytes, 4.0 * r.json["params"].get<double>());
  EXPECT_NEAR(r.bound_fraction, r.weight_gb_per_s / r.memory_gb_per_s, 1e-12);
  EXPECT_NEAR(r.weight_gb_per_s, r.weight_bytes * r.decode_tokens_per_s / 1e9, 1e-9);
  for (const char* key : {"prefill_tokens_per_s", "decode_tokens_per_s", "weight_gb_per_s", "memory_gb_per_s",
                          "bound_fraction"})
    EXPECT_TRUE(r.json.contains(key)) << key;
  EXPECT_NE(r.table.find("% of bandwidth bound"), std::string::npos);
}

TEST(BenchGenerate, RefusesBadOptions) {
  GenerateBenchOptions o;
  EXPECT_THROW(run_generate_bench(o), Error);  // neither --config nor --model
  o.config = hycam::shared_path("configs/mistral-tiny.json");
  o.new_tokens = 0;
  EXPECT_THROW(run_generate_bench(o), Error);
}

}  // namespace
}  // namespace hycam
