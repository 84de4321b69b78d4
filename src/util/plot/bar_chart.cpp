// BarChart (util/svg_plot.h): grouped bars, one group per category, one bar per series.
#include <algorithm>
#include <cmath>

#include "util/error.h"
#include "util/plot/axis.h"
#include "util/plot/svg_canvas.h"
#include "util/svg_plot.h"

namespace hycam {

using namespace plot;

namespace {

constexpr double kGroupFill = 0.8;  // share of a category's band taken by its bars
constexpr double kLabelAngle = 35;  // degrees, for category labels too wide to lie flat
const double kSin = std::sin(kLabelAngle * M_PI / 180);

Axis bar_axis(const BarChart& chart) {
  double lo = 0, hi = 0;
  for (const auto& row : chart.values)
    for (double v : row)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (lo == 0 && hi == 0) hi = 1;
  if (chart.value_labels) {  // headroom for the labels above (or below) the bars
    const double pad = 0.08 * (hi - lo);
    hi += hi > 0 ? pad : 0;
    lo -= lo < 0 ? pad : 0;
  }
  return linear_axis(lo, hi, chart.max_ticks);
}

// Category labels: flat when they fit their band, else rotated; returns the height they need.
struct CategoryLayout {
  bool rotated = false;
  double max_label = 0;  // pixels a label may take along its baseline
  double height = 0;
};

CategoryLayout category_layout(const BarChart& chart, const Box& area, double band) {
  CategoryLayout l;
  double widest = 0;
  for (const auto& name : chart.categories) widest = std::max(widest, text_width(name, kTickFont));
  l.rotated = widest > band * 0.95;
  if (!l.rotated) {
    l.max_label = band * 0.95;
    l.height = kTickFont + 8;
  } else {
    l.max_label = std::min(widest, area.h * 0.3 / kSin);
    l.height = l.max_label * kSin + kTickFont + 8;
  }
  return l;
}

void draw_categories(SvgCanvas& c, const BarChart& chart, const Box& plot, double band,
                     const CategoryLayout& l) {
  for (size_t k = 0; k < chart.categories.size(); ++k) {
    const double cx = plot.x + band * (k + 0.5);
    const std::string name = fit_text(chart.categories[k], l.max_label, kTickFont);
    TextStyle s{kTickFont, l.rotated ? "end" : "middle", "#222222"};
    s.rotate = l.rotated ? -kLabelAngle : 0;
    c.text(cx, plot.bottom() + (l.rotated ? 10 : 5 + kTickFont), name, s);
  }
}

void draw_bars(SvgCanvas& c, const BarChart& chart, const Box& plot, const Axis& y, double band) {
  const size_t n = chart.values.size();
  const double bar = band * kGroupFill / std::max<size_t>(n, 1);
  const double gap = bar > 6 ? 1 : 0;
  const double y0 = y.map(0, plot.bottom(), plot.y);
  for (size_t s = 0; s < n; ++s) {
    for (size_t k = 0; k < chart.categories.size(); ++k) {
      const double v = chart.values[s][k];
      if (!std::isfinite(v)) continue;
      const double x = plot.x + band * k + band * (1 - kGroupFill) / 2 + bar * s;
      const double yv = y.map(v, plot.bottom(), plot.y);
      const std::string tip = chart.series_names[s] + " / " + chart.categories[k] + ": " +
                              fixed(v, chart.value_decimals);
      c.rect({x + gap / 2, std::min(y0, yv), bar - gap, std::abs(y0 - yv)}, palette_color(s),
             "class=\"bar\"", tip);
      if (!chart.value_labels) continue;
      const std::string label = fixed(v, chart.value_decimals);
      const double size = std::clamp(bar / (0.6 * label.size()), 6.0, 10.0);
      const double ty = v >= 0 ? yv - 3 : yv + size + 2;
      c.text(x + bar / 2, ty, label, {size, "middle", "#333333"});
    }
  }
}

}  // namespace

BarChart& BarChart::add_series(std::string name, std::vector<double> v) {
  if (v.size() != categories.size())
    throw Error("bar chart '" + title + "': series '" + name + "' has " + std::to_string(v.size()) +
                " values for " + std::to_string(categories.size()) +
                " categories (set categories first, one value each)");
  series_names.push_back(std::move(name));
  values.push_back(std::move(v));
  return *this;
}

void BarChart::draw(SvgCanvas& c, const Box& area) const {
  if (values.size() != series_names.size())
    throw Error("bar chart '" + title + "': " + std::to_string(values.size()) + " value rows for " +
                std::to_string(series_names.size()) + " series names");
  for (size_t s = 0; s < values.size(); ++s)
    if (values[s].size() != categories.size())
      throw Error("bar chart '" + title + "': series '" + series_names[s] + "' has " +
                  std::to_string(values[s].size()) + " values for " +
                  std::to_string(categories.size()) + " categories");
  const Axis y = bar_axis(*this);
  std::vector<LegendEntry> legend;
  for (size_t s = 0; s < series_names.size(); ++s)
    legend.push_back({fit_text(series_names[s], area.w * 0.3, kLegendFont), palette_color(s), false});

  Margins m;
  m.top = title.empty() ? 12 : 32;
  m.left = 12 + y_tick_label_width(y) + (y_label.empty() ? 0 : 20);
  m.right = 16 + (legend.empty() ? 0 : legend_width(legend) + 4);
  const double band = std::max(1.0, area.w - m.left - m.right) / std::max<size_t>(categories.size(), 1);
  const CategoryLayout cats = category_layout(*this, area, band);
  m.bottom = cats.height + (x_label.empty() ? 0 : 20);
  const Box plot = inset(area, m);

  draw_title(c, area, title);
  draw_y_axis(c, area, plot, y, y_label);
  c.line(plot.x, plot.bottom(), plot.right(), plot.bottom(), "#444444", 1, "class=\"axis\"");
  draw_bars(c, *this, plot, y, band);
  if (y.lo < 0) {
    const double y0 = y.map(0, plot.bottom(), plot.y);
    c.line(plot.x, y0, plot.right(), y0, "#444444", 1, "class=\"zero\"");
  }
  draw_categories(c, *this, plot, band, cats);
  if (!x_label.empty())
    c.text(plot.x + plot.w / 2, area.bottom() - 6, fit_text(x_label, plot.w, kLabelFont),
           {kLabelFont, "middle", "#222222"});
  draw_legend(c, plot.right() + 14, plot.y, legend);
}

}  // namespace hycam
