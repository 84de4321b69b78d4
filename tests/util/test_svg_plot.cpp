// SVG plots: nice ticks and axes for known ranges, XML escaping, and for each kind of figure the
// number of elements it draws, its labels, and that the document is well-formed XML.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/plot/axis.h"
#include "util/plot/svg_canvas.h"
#include "util/svg_plot.h"

namespace hycam {
namespace {

using plot::Axis;

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// Well-formed enough: tags nest and close, the root is <svg>, every '&' starts an entity.
::testing::AssertionResult WellFormed(const std::string& svg) {
  std::vector<std::string> open;
  size_t roots = 0;
  for (size_t i = 0; i < svg.size(); ++i) {
    if (svg[i] == '&') {
      const size_t semi = svg.find(';', i);
      const std::string entity = svg.substr(i, semi == std::string::npos ? 1 : semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;")
        return ::testing::AssertionFailure() << "bare '&' at " << i;
    }
    if (svg[i] != '<') continue;
    const size_t end = svg.find('>', i);
    if (end == std::string::npos) return ::testing::AssertionFailure() << "unclosed '<' at " << i;
    const std::string tag = svg.substr(i + 1, end - i - 1);
    i = end;
    if (tag[0] == '?') continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return ::testing::AssertionFailure() << "</" << tag.substr(1) << "> closes nothing open";
      open.pop_back();
      continue;
    }
    if (tag.find('<') != std::string::npos) return ::testing::AssertionFailure() << "'<' inside a tag";
    const std::string name = tag.substr(0, tag.find_first_of(" /"));
    if (open.empty()) ++roots;
    if (open.empty() && name != "svg") return ::testing::AssertionFailure() << "root is <" << name << ">";
    if (tag.back() != '/') open.push_back(name);
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> never closed";
  if (roots != 1) return ::testing::AssertionFailure() << roots << " root elements";
  return ::testing::AssertionSuccess();
}

void expect_values(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << "tick " << i;
}

TEST(NiceTicks, KnownRanges) {
  expect_values(plot::nice_ticks(0, 1), {0, 0.2, 0.4, 0.6, 0.8, 1});
  expect_values(plot::nice_ticks(3.7, 9.2), {4, 5, 6, 7, 8, 9});
  expect_values(plot::nice_ticks(9.2, 3.7), {4, 5, 6, 7, 8, 9});
  expect_values(plot::nice_ticks(0, 1000), {0, 200, 400, 600, 800, 1000});
  expect_values(plot::nice_ticks(-0.35, 0.8), {-0.2, 0, 0.2, 0.4, 0.6, 0.8});
  expect_values(plot::nice_ticks(2.31, 2.37), {2.32, 2.34, 2.36});
  expect_values(plot::nice_ticks(0, 1, 3), {0, 0.5, 1});
  expect_values(plot::nice_ticks(5, 5), {5});
}

TEST(LinearAxis, WidensToWholeSteps) {
  Axis a = plot::linear_axis(3.7, 9.2);
  EXPECT_EQ(a.lo, 2);
  EXPECT_EQ(a.hi, 10);
  EXPECT_EQ(a.step, 2);
  expect_values(a.ticks, {2, 4, 6, 8, 10});
  a = plot::linear_axis(0, 1);
  expect_values(a.ticks, {0, 0.2, 0.4, 0.6, 0.8, 1});
  a = plot::linear_axis(1.2, 3.05);  // loss curve
  expect_values(a.ticks, {1, 1.5, 2, 2.5, 3, 3.5});
  a = plot::linear_axis(5, 5);  // padded by 10%
  expect_values(a.ticks, {4.5, 5, 5.5});
  a = plot::linear_axis(NAN, 1);
  expect_values(a.ticks, {0, 0.2, 0.4, 0.6, 0.8, 1});
}

TEST(LinearAxis, LabelsUseTheStepsDecimals) {
  Axis a = plot::linear_axis(0, 1);
  EXPECT_EQ(a.label(0.6000000000000001), "0.6");
  EXPECT_EQ(a.label(-0.0), "0.0");  // no "-0.0"
  EXPECT_EQ(a.label(1), "1.0");
  a = plot::linear_axis(0, 10000);
  EXPECT_EQ(a.label(2000), "2000");
  a = plot::linear_axis(2.31, 2.37);
  EXPECT_EQ(a.label(2.34), "2.34");
  EXPECT_NEAR(a.map(a.lo, 100, 0), 100, 1e-9);
  EXPECT_NEAR(a.map(a.hi, 100, 0), 0, 1e-9);
}

TEST(LogAxis, OneToNineInADecadeOneTwoFiveInTwoPowersOfTenBeyond) {
  Axis a = plot::log_axis(1.2, 3.5);  // a loss curve
  EXPECT_EQ(a.lo, 1);
  EXPECT_EQ(a.hi, 4);
  expect_values(a.ticks, {1, 2, 3, 4});
  a = plot::log_axis(0.15, 0.9);  // 0.1 .. 0.9 would be 9 ticks: 1-2-5 instead
  expect_values(a.ticks, {0.1, 0.2, 0.5, 1});
  a = plot::log_axis(0.3, 20);  // 0.2 .. 20: two decades
  expect_values(a.ticks, {0.2, 0.5, 1, 2, 5, 10, 20});
  a = plot::log_axis(0.3, 40);  // 0.2 .. 50 is more than two: whole decades
  EXPECT_EQ(a.lo, 0.1);
  EXPECT_EQ(a.hi, 100);
  expect_values(a.ticks, {0.1, 1, 10, 100});
  a = plot::log_axis(0.003, 40);
  expect_values(a.ticks, {1e-3, 1e-2, 1e-1, 1, 10, 100});
  EXPECT_EQ(a.label(0.001), "0.001");
  EXPECT_NEAR(a.map(1, 0, 5), 3, 1e-9);  // 1 is 3 of the 5 decades up
  EXPECT_THROW(plot::log_axis(0, 1), Error);
}

TEST(Svg, EscapesText) {
  EXPECT_EQ(plot::xml_escape("<a&b> \"q\" 'x'"), "&lt;a&amp;b&gt; &quot;q&quot; &apos;x&apos;");
  EXPECT_EQ(plot::xml_escape("a\x01z"), "a z");
  EXPECT_EQ(plot::num(3.14159), "3.14");
  EXPECT_EQ(plot::num(2.0), "2");
  EXPECT_EQ(plot::num(-0.001), "0");
  EXPECT_EQ(plot::fixed(0.5, 2), "0.50");
  EXPECT_EQ(plot::fixed(-0.001, 2), "0.00");
  EXPECT_EQ(plot::colormap(0), "#440154");
  EXPECT_EQ(plot::colormap(1), "#fde725");
  EXPECT_TRUE(plot::is_dark(plot::colormap(0)));
  EXPECT_FALSE(plot::is_dark(plot::colormap(1)));
  EXPECT_EQ(plot::fit_text("abcdefghij", 6 * 0.6 * 10, 10), "abcde\u2026");
}

LineChart loss_chart() {
  LineChart c;
  c.title = "<a&b> loss";
  c.x_label = "step";
  c.y_label = "loss";
  c.add("hycam", {0, 100, 200, 300}, {3.1, 2.4, 2.0, 1.8});
  c.add("lora & co", {0, 100, 200}, {3.1, 2.6, NAN});
  return c;
}

TEST(LineChart, OnePathPerSeriesAndEscapedLabels) {
  const std::string svg = loss_chart().to_svg();
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "<path"), 2u);
  EXPECT_EQ(count(svg, "class=\"series\""), 2u);
  EXPECT_EQ(count(svg, "<rect"), 1u);  // the background
  EXPECT_EQ(count(svg, "<line") - count(svg, "class=\"grid\""), 4u);  // 2 axes + 2 legend swatches
  EXPECT_NE(svg.find(">&lt;a&amp;b&gt; loss</text>"), std::string::npos);
  EXPECT_EQ(svg.find("<a&b>"), std::string::npos);
  EXPECT_NE(svg.find(">lora &amp; co</text>"), std::string::npos);
  EXPECT_NE(svg.find(">step</text>"), std::string::npos);
  for (const char* tick : {">0</text>", ">100</text>", ">300</text>", ">1.5</text>", ">3.5</text>"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
}

TEST(LineChart, GapsAndLogScale) {
  LineChart c;
  c.log_y = true;
  c.add("s", {1, 2, 3, 4, 5}, {10, 5, NAN, 0, 1});  // NaN and 0 lift the pen
  const std::string svg = c.to_svg();
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "<path"), 1u);
  EXPECT_EQ(count(svg, " M"), 1u);  // "M.. L.. M.." — the second sub-path
  EXPECT_EQ(count(svg, "<circle"), 0u);
  for (const char* tick : {">1</text>", ">2</text>", ">5</text>", ">10</text>"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  EXPECT_THROW(LineChart().add("bad", {1, 2}, {1}), Error);
  LineChart single;
  single.add("one", {1}, {1});
  EXPECT_EQ(count(single.to_svg(), "<circle"), 1u);  // a lone point gets a marker
}

BarChart task_bars() {
  BarChart b;
  b.title = "accuracy per task";
  b.y_label = "accuracy";
  b.categories = {"gsm8k", "<mmlu>", "arc"};
  b.value_labels = true;
  b.add_series("hycam", {0.53, 0.61, 0.7});
  b.add_series("lora", {0.5, 0.58, NAN});
  return b;
}

TEST(BarChart, OneRectPerBarAndLegendSquares) {
  const std::string svg = task_bars().to_svg();
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "class=\"bar\""), 5u);  // 6 values, one NaN
  EXPECT_EQ(count(svg, "<rect"), 1u + 5u + 2u);
  EXPECT_EQ(count(svg, "class=\"legend\""), 2u);
  EXPECT_EQ(count(svg, "<path"), 0u);
  EXPECT_NE(svg.find(">&lt;mmlu&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.53</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>hycam / gsm8k: 0.53</title>"), std::string::npos);
  EXPECT_NE(svg.find(">accuracy</text>"), std::string::npos);
  EXPECT_THROW(task_bars().add_series("short", {1}), Error);
}

TEST(BarChart, NegativeValuesGetAZeroLine) {
  BarChart b;
  b.categories = {"a", "b"};
  b.add_series("delta", {-0.5, 1.2});
  const std::string svg = b.to_svg();
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "class=\"zero\""), 1u);
  EXPECT_EQ(count(svg, "class=\"bar\""), 2u);
}

Heatmap routing(const std::string& title) {
  Heatmap h;
  h.title = title;
  h.x_label = "expert";
  h.y_label = "layer";
  h.row_labels = {"layer 0", "layer 1", "<layer 2>"};
  h.col_labels = {"e0", "e1", "e2", "e3"};
  h.values = {{0.25, 0.25, 0.25, 0.25}, {0.7, 0.1, 0.1, 0.1}, {0.0, 1.0, NAN, 0.5}};
  return h;
}

TEST(Heatmap, OneRectPerCellValuesAndScale) {
  const std::string svg = routing("routing").to_svg(480, 360);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "class=\"cell\""), 12u);
  EXPECT_EQ(count(svg, "<rect"), 1u + 12u + 1u);  // background, cells, scale
  EXPECT_EQ(count(svg, "class=\"scale\""), 1u);
  EXPECT_EQ(count(svg, "<stop"), 9u);
  EXPECT_EQ(count(svg, ">0.25</text>"), 4u);
  EXPECT_EQ(count(svg, ">0.10</text>"), 3u);
  EXPECT_EQ(count(svg, ">\u2013</text>"), 1u);  // the NaN cell
  EXPECT_NE(svg.find(">&lt;layer 2&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#fde725\""), std::string::npos);  // the 1.0 cell
  for (const char* tick : {">0.0</text>", ">0.2</text>", ">1.0</text>"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
}

TEST(Heatmap, ValidatesShapes) {
  Heatmap h = routing("t");
  h.values[1].pop_back();
  EXPECT_THROW(h.validate(), Error);
  h = routing("t");
  h.row_labels.pop_back();
  EXPECT_THROW(h.to_svg(), Error);
  h = routing("t");
  h.vmax = h.vmin;
  EXPECT_THROW(h.validate(), Error);
  EXPECT_THROW(Heatmap().validate(), Error);
}

TEST(HeatmapGrid, OnePanelPerTaskSharingTheScale) {
  HeatmapGrid grid(3);
  grid.title = "routing per task";
  for (const char* task : {"gsm8k", "mmlu", "arc"}) grid.add(routing(task));
  std::string svg = grid.to_svg();
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "<g class=\"panel\""), 3u);
  EXPECT_EQ(count(svg, "class=\"cell\""), 36u);
  EXPECT_EQ(count(svg, "class=\"scale\""), 1u);
  EXPECT_NE(svg.find("width=\"1080\" height=\"454\""), std::string::npos);
  grid.shared_scale = false;
  svg = grid.to_svg();
  EXPECT_EQ(count(svg, "class=\"scale\""), 3u);
  for (const char* id : {"id=\"scale1\"", "id=\"scale2\"", "id=\"scale3\""})
    EXPECT_NE(svg.find(id), std::string::npos) << id;
}

TEST(Figure, PanelsInAGridAndSavedAtomically) {
  Figure fig(2, 500, 300);
  fig.title = "run <7>";
  fig.add(task_bars());
  fig.add(loss_chart());
  fig.add(routing("routing"));
  EXPECT_EQ(fig.width(), 1000);
  EXPECT_EQ(fig.height(), 2 * 300 + 34);
  const std::string svg = fig.to_svg();
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_EQ(count(svg, "<g class=\"panel\""), 3u);
  EXPECT_EQ(count(svg, "<path"), 2u);
  EXPECT_EQ(count(svg, "<rect"), 1u + (5 + 2) + (12 + 1));
  EXPECT_NE(svg.find(">run &lt;7&gt;</text>"), std::string::npos);

  const auto path = std::filesystem::temp_directory_path() /
                    ("hycam_fig_" + std::to_string(::getpid()) + ".svg");
  fig.save(path.string());
  std::ifstream in(path);
  std::stringstream back;
  back << in.rdbuf();
  EXPECT_EQ(back.str(), svg);
  std::filesystem::remove(path);
  EXPECT_THROW(Figure(0), Error);
}

}  // namespace
}  // namespace hycam
