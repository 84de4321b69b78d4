// LineChart (util/svg_plot.h): named series of (x, y) points on linear x and linear or log y.
#include <algorithm>
#include <cmath>
#include <limits>

#include "util/error.h"
#include "util/plot/axis.h"
#include "util/plot/svg_canvas.h"
#include "util/svg_plot.h"

namespace hycam {

using namespace plot;

namespace {

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void take(double v) { lo = std::min(lo, v), hi = std::max(hi, v); }
  bool empty() const { return lo > hi; }
};

bool usable(double x, double y, bool log_y) {
  return std::isfinite(x) && std::isfinite(y) && (!log_y || y > 0);
}

std::pair<Axis, Axis> line_axes(const LineChart& chart) {
  Range rx, ry;
  for (const LineSeries& s : chart.series)
    for (size_t i = 0; i < s.x.size(); ++i)
      if (usable(s.x[i], s.y[i], chart.log_y)) rx.take(s.x[i]), ry.take(s.y[i]);
  if (rx.empty()) rx = {0, 1}, ry = chart.log_y ? Range{1, 10} : Range{0, 1};
  Axis x = linear_axis(rx.lo, rx.hi, chart.max_ticks);
  Axis y = chart.log_y ? log_axis(ry.lo, ry.hi) : linear_axis(ry.lo, ry.hi, chart.max_ticks);
  return {x, y};
}

// "M x y L x y ..." through the usable points; an unusable point lifts the pen (a gap).
std::string series_path(const LineSeries& s, const Axis& x, const Axis& y, const Box& plot,
                        bool log_y, std::vector<std::pair<double, double>>& points) {
  std::string d;
  bool pen_down = false;
  for (size_t i = 0; i < s.x.size(); ++i) {
    if (!usable(s.x[i], s.y[i], log_y)) {
      pen_down = false;
      continue;
    }
    const double px = x.map(s.x[i], plot.x, plot.right());
    const double py = y.map(s.y[i], plot.bottom(), plot.y);
    d += (d.empty() ? "" : " ") + std::string(pen_down ? "L" : "M") + num(px) + " " + num(py);
    points.emplace_back(px, py);
    pen_down = true;
  }
  return d;
}

std::string series_color(const LineSeries& s, size_t i) {
  return s.color.empty() ? palette_color(i) : s.color;
}

}  // namespace

LineChart& LineChart::add(std::string name, std::vector<double> x, std::vector<double> y) {
  if (x.size() != y.size())
    throw Error("line chart '" + title + "': series '" + name + "' has " + std::to_string(x.size()) +
                " x values but " + std::to_string(y.size()) + " y values");
  series.push_back({std::move(name), std::move(x), std::move(y), ""});
  return *this;
}

void LineChart::draw(SvgCanvas& c, const Box& area) const {
  for (const LineSeries& s : series)
    if (s.x.size() != s.y.size())
      throw Error("line chart '" + title + "': series '" + s.name + "' has x and y of different lengths");
  const auto [x, y] = line_axes(*this);
  std::vector<LegendEntry> legend;
  const double name_room = area.w * 0.3;
  for (size_t i = 0; i < series.size(); ++i)
    if (!series[i].name.empty())
      legend.push_back({fit_text(series[i].name, name_room, kLegendFont), series_color(series[i], i), true});

  Margins m;
  m.top = title.empty() ? 12 : 32;
  m.left = 12 + y_tick_label_width(y) + (y_label.empty() ? 0 : 20);
  m.bottom = 26 + (x_label.empty() ? 0 : 20);
  m.right = 16 + (legend.empty() ? 0 : legend_width(legend) + 4);
  const Box plot = inset(area, m);

  draw_title(c, area, title);
  draw_y_axis(c, area, plot, y, y_label);
  draw_x_axis(c, area, plot, x, x_label);
  for (size_t i = 0; i < series.size(); ++i) {
    std::vector<std::pair<double, double>> points;
    const std::string d = series_path(series[i], x, y, plot, log_y, points);
    if (d.empty()) continue;
    const std::string color = series_color(series[i], i);
    c.path(d, color, 2, "class=\"series\"");
    if (markers || points.size() == 1)
      for (const auto& [px, py] : points) c.circle(px, py, 3, color, "class=\"marker\"");
  }
  draw_legend(c, plot.right() + 14, plot.y, legend);
}

}  // namespace hycam
