// Self time per operator from a hand-made trace in libtorch's format: nested spans on one thread
// are subtracted from their parent, threads are kept apart, other event kinds are skipped.
#include <gtest/gtest.h>

#include "test_files.h"
#include "train/op_profile.h"

namespace hycam {
namespace {

std::string span(const std::string& name, double ts, double dur, int tid) {
  return R"({"name": ")" + name + R"(", "ph": "X", "ts": )" + std::to_string(ts) + R"(, "dur": )" +
         std::to_string(dur) + R"(, "tid": )" + std::to_string(tid) + R"(, "pid": "CPU Functions", "args": {}})";
}

// Thread 1: linear [0, 1100) us holds mm [100, 700) and add [700, 900); mm holds fill [100, 150).
// Thread 2: a second mm [0, 400). A counter event ("ph": "C") is not a span.
const std::string kTrace = "[" + span("aten::linear", 0, 1100, 1) + "," + span("aten::mm", 100, 600, 1) + "," +
                           span("aten::fill_", 100, 50, 1) + "," + span("aten::add", 700, 200, 1) + "," +
                           span("aten::mm", 0, 400, 2) + R"(, {"name": "mem", "ph": "C", "ts": 5, "tid": 1}])";

TEST(OpsBySelfTime, SubtractsNestedSpansPerThread) {
  auto ops = ops_by_self_time(kTrace, 10);
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[0].op, "aten::mm");  // 550 us on thread 1 (600 less fill's 50) + 400 on thread 2
  EXPECT_DOUBLE_EQ(ops[0].ms, 0.95);
  EXPECT_EQ(ops[0].calls, 2);
  EXPECT_EQ(ops[1].op, "aten::linear");  // 1100 less mm's 600 and add's 200
  EXPECT_DOUBLE_EQ(ops[1].ms, 0.3);
  EXPECT_EQ(ops[2].op, "aten::add");
  EXPECT_DOUBLE_EQ(ops[2].ms, 0.2);
  EXPECT_EQ(ops[3].op, "aten::fill_");
  EXPECT_DOUBLE_EQ(ops[3].ms, 0.05);
}

TEST(OpsBySelfTime, KeepsTheTopOnes) {
  auto ops = ops_by_self_time(kTrace, 1);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].op, "aten::mm");
}

TEST(OpsBySelfTime, RefusesWhatIsNotATrace) {
  EXPECT_EQ(test::error_of([] { ops_by_self_time("{\"a\": 1}", 5); }),
            "profile: the trace is not a JSON array of events");
}

}  // namespace
}  // namespace hycam
