// `hycam bench train` as a user runs it: the JSON line's figures (model FLOPs worked by hand, real
// tokens and padding on task data of known length), the refusals, and the OpenBLAS kernels it ran
// with (the best the CPU allows unless OPENBLAS_CORETYPE says otherwise).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_hycam.h"
#include "data/tokenize.h"
#include "golden.h"
#include "test_files.h"
#include "tokenizer/tokenizer.h"

namespace hycam {
namespace {

using test::hycam;

nlohmann::json bench_line(const std::string& env) {
  auto r = hycam({"bench", "train", "--config", shared_path("configs/mistral-tiny.json"), "--method", "hycam",
                  "--seq", "16", "--batch", "2", "--steps", "1", "--warmup", "0"},
                 env);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
}

TEST(BenchTrainCli, PrintsTheFiguresOfTheRun) {
  auto j = bench_line("");
  EXPECT_EQ(j["method"], "hycam");
  EXPECT_EQ(j["seq"], 16);
  EXPECT_EQ(j["batch"], 2);
  EXPECT_DOUBLE_EQ(j["tokens_per_s"].get<double>() * j["step_ms"].get<double>() / 1000, 32.0);
  EXPECT_GT(j["sgemm_peak_gflops"].get<double>(), 0);
  EXPECT_GT(j["params_trainable"].get<int64_t>(), 0);
}

// Model FLOPs of one step worked by hand for mistral-tiny (D 256, 8 heads of 32, 2 kv heads,
// I 688, 4 layers, V 512), batch 2 x seq 16 = 32 tokens, 30 with a target:
//   per layer per token 256*(256+2*64) + 256*256 + 3*256*688 = 692,224 multiply-adds;
//   forward 2*32*4*692,224 + head 2*30*512*256 + attention 4*2*8*16*16*32*4 = 187,170,816;
//   hycam trains with 2x the forward (input gradients of the frozen base) = 374,341,632, plus its
//   own matrices (shared 256x256, router 4x256, A 4x8x256, N 4x8x8, B 4x256x8 = 83,200 per
//   layer, 332,800 in all) at 6 FLOPs per weight per token: 63,897,600. Total 438,239,232.
TEST(BenchTrainCli, ModelFlopsPerStepAreTheHandWorkedCount) {
  EXPECT_DOUBLE_EQ(bench_line("")["model_gflop_per_step"].get<double>(), 0.438239232);
}

// Ten copies of one record: every sample has the same length L, so a batch has no padding unless
// it is padded to --max-len, and then 1 - L / max_len of its tokens are padding.
TEST(BenchTrainCli, RealDataCountsRealTokensAndPadding) {
  test::TempDir dir("hycam-bench-data");
  const std::string record = R"({"instruction": "Name a colour.", "input": "", "output": "Red."})";
  std::string records = "[";
  for (int i = 0; i < 10; ++i) records += (i ? "," : "") + record;
  const auto path = dir.write("colours.json", records + "]");
  auto tok = Tokenizer::from_dir(test::stories_dir());
  const auto L = data::tokenize_examples(tok, {{"Name a colour.", "", "Red."}}, 0, {64})[0].ids.size();
  for (bool pad : {false, true}) {
    std::vector<std::string> args = {"bench", "train", "--model", test::stories_dir(), "--method", "lora", "--data",
                                     "colours=" + path, "--max-len", "64", "--batch", "2", "--steps", "2"};
    if (pad) args.push_back("--pad-to-max-len");
    auto r = hycam(args);
    ASSERT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    EXPECT_DOUBLE_EQ(j["mean_tokens_per_sample"].get<double>(), static_cast<double>(L));
    EXPECT_NEAR(j["padding_share"].get<double>(), pad ? 1.0 - L / 64.0 : 0.0, 1e-12) << pad;
    EXPECT_NE(r.err.find("task colours"), std::string::npos) << r.err;
  }
}

// Seven training samples in batches of 2: the fourth batch holds one sample, so with two ranks
// one of them has no rows in that step, and the step still counts the whole batch.
TEST(BenchTrainCli, RealDataWithTwoRanksAndAShortBatch) {
  test::TempDir dir("hycam-bench-ranks");
  std::string records = "[";
  for (int i = 0; i < 10; ++i) records += std::string(i ? "," : "") + R"({"instruction": "Hi", "output": "Yo"})";
  const auto path = dir.write("hi.json", records + "]");
  for (const char* method : {"none", "lora"}) {
    auto r = hycam({"bench", "train", "--model", test::stories_dir(), "--method", method, "--data", "hi=" + path,
                    "--batch", "2", "--steps", "4", "--warmup", "0", "--nproc", "2"});
    ASSERT_EQ(r.status, 0) << method << ": " << r.err;
    auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    EXPECT_EQ(j["ranks"], 2);
    EXPECT_DOUBLE_EQ(j["padding_share"].get<double>(), 0.0) << method;
  }
}

TEST(BenchTrainCli, RefusesATokenizerLargerThanTheVocabulary) {
  test::TempDir dir("hycam-bench-vocab");
  const auto path = dir.write("t.json", R"([{"instruction": "a", "output": "b"}])");
  const auto tokenizer = shared_path("tokenizers/mistral-llama");
  auto r = hycam({"bench", "train", "--config", shared_path("configs/mistral-tiny.json"), "--data", "t=" + path,
                  "--tokenizer", tokenizer});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(tokenizer + ": the tokenizer's 32000 ids do not fit the model's vocabulary of 512"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

// --profile: one more step under libtorch's profiler; the trace is a Chrome trace of that step,
// and the busiest operators it prints include the matrix products every step makes.
TEST(BenchTrainCli, ProfileWritesATraceAndItsBusiestOperators) {
  test::TempDir dir("hycam-bench-profile");
  const auto trace = dir.path() + "/step.json";
  auto r = hycam({"bench", "train", "--config", shared_path("configs/mistral-tiny.json"), "--method", "lora",
                  "--seq", "16", "--batch", "2", "--steps", "1", "--warmup", "0", "--profile", trace});
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(j["profile"], trace);
  ASSERT_TRUE(j["profile_top_ops"].is_array());
  EXPECT_LE(j["profile_top_ops"].size(), 12u);
  std::vector<std::string> ops;
  for (const auto& op : j["profile_top_ops"]) {
    EXPECT_GT(op["calls"].get<int64_t>(), 0);
    ops.push_back(op["op"]);
  }
  EXPECT_NE(std::find(ops.begin(), ops.end(), "aten::mm"), ops.end()) << j["profile_top_ops"].dump();
  std::ifstream in(trace);
  auto events = nlohmann::json::parse(in);
  ASSERT_TRUE(events.is_array());
  EXPECT_GT(events.size(), 100u);
  EXPECT_NE(r.out.find("trace: " + trace), std::string::npos) << r.out;
  EXPECT_EQ(std::filesystem::directory_iterator(dir.path())->path(), trace);  // no temporary left
}

TEST(BenchTrainCli, RefusesAProfilePathItCannotWriteBeforeTheSteps) {
  auto r = hycam({"bench", "train", "--config", shared_path("configs/mistral-tiny.json"), "--seq", "16", "--steps",
                  "1", "--profile", "/nonexistent-hycam/step.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--profile /nonexistent-hycam/step.json: cannot write there (/nonexistent-hycam is not a "
                       "writable folder)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(BenchTrainCli, RunsTheBestOpenBlasKernelsTheCpuAllows) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) GTEST_SKIP() << "no AVX2 on this CPU";
  const auto kernels = bench_line("env -u OPENBLAS_CORETYPE ")["blas_kernels"].get<std::string>();
  const std::vector<std::string> fast = {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"};
  EXPECT_NE(std::find(fast.begin(), fast.end(), kernels), fast.end()) << kernels;
}

TEST(BenchTrainCli, KeepsTheKernelsTheUserChose) {
  EXPECT_EQ(bench_line("OPENBLAS_CORETYPE=Prescott ")["blas_kernels"], "Prescott");
}

}  // namespace
}  // namespace hycam
