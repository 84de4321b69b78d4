// Progress: plain-mode lines for known update sequences (a fake clock makes rates and ETAs exact),
// and format_duration / format_rate.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "util/progress.h"

namespace hycam {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(FormatDuration, RoundsToSecondsAsHoursMinutesSeconds) {
  EXPECT_EQ(format_duration(0), "0:00:00");
  EXPECT_EQ(format_duration(59.4), "0:00:59");
  EXPECT_EQ(format_duration(59.6), "0:01:00");
  EXPECT_EQ(format_duration(3725), "1:02:05");
  EXPECT_EQ(format_duration(86399), "23:59:59");
  EXPECT_EQ(format_duration(360000), "100:00:00");
}

TEST(FormatDuration, UnknownForNegativeOrNonFinite) {
  EXPECT_EQ(format_duration(-1), "?:??:??");
  EXPECT_EQ(format_duration(NAN), "?:??:??");
  EXPECT_EQ(format_duration(INFINITY), "?:??:??");
}

TEST(FormatRate, PrecisionFollowsMagnitude) {
  EXPECT_EQ(format_rate(0.25), "0.25");
  EXPECT_EQ(format_rate(5.4), "5.40");
  EXPECT_EQ(format_rate(12.34), "12.3");
  EXPECT_EQ(format_rate(5400.4), "5400");
  EXPECT_EQ(format_rate(-1), "?");
}

TEST(Progress, PlainLinesEveryTenthOfTotal) {
  double t = 0;
  ProgressOptions o;
  o.force_plain = true;
  o.clock = [&] { return t; };
  std::ostringstream out;
  {
    Progress p("train", 100, out, o);
    EXPECT_FALSE(p.is_terminal());
    for (int i = 1; i <= 100; ++i) {
      t = i * 0.5;  // 2 steps per second
      if (i <= 30) p.update(i, {{"loss", "2.31"}, {"lr", "1e-03"}});
      else p.update(i, {{"loss", "1.50"}});
    }
    p.finish();
    p.finish();          // idempotent
    p.update(100, {});   // ignored after finish
  }
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0], "train: 10/100 (10.0%)  loss 2.31  lr 1e-03 | 2.00 it/s, eta 0:00:45");
  EXPECT_EQ(lines[2], "train: 30/100 (30.0%)  loss 2.31  lr 1e-03 | 2.00 it/s, eta 0:00:35");
  EXPECT_EQ(lines[3], "train: 40/100 (40.0%)  loss 1.50 | 2.00 it/s, eta 0:00:30");
  EXPECT_EQ(lines[9], "train: 100/100 (100.0%)  loss 1.50 | 2.00 it/s");
  EXPECT_EQ(lines[10], "train: done 100/100 in 0:00:50 (2.00 it/s)  loss 1.50");
}

TEST(Progress, PlainLinesByTimeWhenTotalUnknown) {
  double t = 0;
  ProgressOptions o;
  o.clock = [&] { return t; };
  o.unit = "seq";
  std::ostringstream out;  // not a terminal even without force_plain
  Progress p("generate", 0, out, o);
  for (int i = 1; i <= 10; ++i) {
    t = 3.0 * i;
    p.update(i);
  }
  p.finish();
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "generate: 4 | 0.33 seq/s");  // t = 12, the first >= 10 s
  EXPECT_EQ(lines[1], "generate: 8 | 0.33 seq/s");  // t = 24
  EXPECT_EQ(lines[2], "generate: done 10 in 0:00:30 (0.33 seq/s)");
}

TEST(Progress, FieldsAreKeptUntilReplacedAndSkippedStepsStillPrint) {
  double t = 0;
  ProgressOptions o;
  o.force_plain = true;
  o.plain_every = 5;
  o.plain_seconds = 0;  // by count only
  o.clock = [&] { return t; };
  std::ostringstream out;
  Progress p("eval", 20, out, o);
  t = 1;
  p.update(3, {{"acc", "0.50"}});
  t = 2;
  p.update(7);  // crosses 5: prints, with the old fields
  t = 3;
  p.update(8);
  t = 4;
  p.update(16, {{"acc", "0.75"}});  // jumps over 10 and 15: one line
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "eval: 7/20 (35.0%)  acc 0.50 | 3.50 it/s, eta 0:00:04");
  EXPECT_EQ(lines[1], "eval: 16/20 (80.0%)  acc 0.75 | 4.00 it/s, eta 0:00:01");
}

TEST(Progress, DestructorFinishes) {
  std::ostringstream out;
  double t = 0;
  ProgressOptions o;
  o.clock = [&] { return t; };
  {
    Progress p("load", 4, out, o);
    t = 2;
    p.update(4);
  }
  EXPECT_EQ(out.str(), "load: done 4/4 in 0:00:02 (2.00 it/s)\n");
}

}  // namespace
}  // namespace hycam
