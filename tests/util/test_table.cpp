// Table: exact Markdown and plain-text renderings.
#include <gtest/gtest.h>

#include "util/error.h"
#include "util/table.h"

namespace hycam {
namespace {

Table example() {
  Table t({"method", "loss", "note"}, {Align::left, Align::right, Align::center});
  t.add_row({"hycam", "1.23", "a|b"});
  t.add_row({"lora", "10.5"});  // padded with an empty note
  return t;
}

TEST(Table, Markdown) {
  EXPECT_EQ(example().markdown(),
            "| method | loss | note |\n"
            "|:-------|-----:|:----:|\n"
            "| hycam  | 1.23 | a\\|b |\n"
            "| lora   | 10.5 |      |\n");
}

TEST(Table, Plain) {
  EXPECT_EQ(example().plain(),
            "method  loss  note\n"
            "------  ----  ----\n"
            "hycam   1.23  a|b\n"
            "lora    10.5\n");
}

TEST(Table, WidthsCountUtf8CodePoints) {
  Table t({"x", "delta"}, {Align::left, Align::right});
  t.add_row({"a", "±0.10"});
  t.add_row({"bb", "1"});
  EXPECT_EQ(utf8_width("±0.10"), 5u);
  EXPECT_EQ(t.plain(),
            "x   delta\n"
            "--  -----\n"
            "a   ±0.10\n"
            "bb      1\n");
}

TEST(Table, ShortColumnsGetThreeDashRules) {
  Table t({"k"});
  t.add_row({"v"});
  EXPECT_EQ(t.markdown(), "| k   |\n|:----|\n| v   |\n");
  EXPECT_EQ(t.rows(), 1u);
  EXPECT_EQ(t.columns(), 1u);
}

TEST(Table, RejectsTooManyCellsOrAlignments) {
  Table t({"a", "b"});
  EXPECT_THROW(t.add_row({"1", "2", "3"}), Error);
  EXPECT_THROW(Table({"a"}, {Align::left, Align::right}), Error);
  EXPECT_THROW(Table(std::vector<std::string>{}), Error);
}

}  // namespace
}  // namespace hycam
