// Axes for util/svg_plot.h: "nice" tick values, linear and log scales, and the drawing of axis
// lines, ticks, grid lines, labels, titles and legends that every chart shares.
//
// Tick steps are 1, 2 or 5 times a power of ten, the smallest whose ticks fit in `max_ticks`.
// nice_ticks keeps the ticks inside [lo, hi] (0..1 -> 0, 0.2, ..., 1; 3.7..9.2 -> 4, 5, ..., 9);
// linear_axis widens the range out to whole steps so the data ends on a tick (3.7..9.2 -> 2..10
// step 2). A log axis ticks m * 10^k: m = 1..9 when that spans at most a decade in at most 6
// ticks (1.2..3.8 -> 1, 2, 3, 4), else m = 1, 2, 5 over at most 2 decades, else powers of ten.
#pragma once
#include <string>
#include <vector>

#include "util/plot/svg_canvas.h"

namespace hycam::plot {

// Ticks inside [lo, hi] (order of lo, hi does not matter); lo == hi -> {lo}.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks = 6);

struct Axis {
  double lo = 0, hi = 1;      // the drawn range
  double step = 0.2;          // linear tick step (unused for log)
  bool log = false;
  std::vector<double> ticks;  // within [lo, hi]

  // Position of `v` between pixel `a` (at lo) and `b` (at hi); log axes take log10.
  double map(double v, double a, double b) const;
  // The tick label for `v`: as many decimals as the step needs; %g for log or extreme values.
  std::string label(double v) const;
};

// Range widened to whole steps; non-finite input -> 0..1; lo == hi is padded by 10% (or 1).
Axis linear_axis(double lo, double hi, int max_ticks = 6);
// Requires 0 < lo <= hi (throws hycam::Error otherwise).
Axis log_axis(double lo, double hi);

// Plot area of a chart: `area` less a margin on each side.
struct Margins {
  double left = 0, top = 0, right = 0, bottom = 0;
};
Box inset(const Box& area, const Margins& m);

// Horizontal grid lines, tick labels left of `plot`, and the y label rotated along the left edge
// of `area`.
void draw_y_axis(SvgCanvas& c, const Box& area, const Box& plot, const Axis& y, const std::string& label);
// Vertical grid lines, tick labels under `plot`, and the x label at the bottom of `area`.
void draw_x_axis(SvgCanvas& c, const Box& area, const Box& plot, const Axis& x, const std::string& label);
// The widest y tick label in pixels (sizes the left margin).
double y_tick_label_width(const Axis& y);

// The panel title, bold and centred at the top of `area`.
void draw_title(SvgCanvas& c, const Box& area, const std::string& title);

struct LegendEntry {
  std::string name;
  std::string color;
  bool line = true;  // a line swatch (line charts) or a filled square (bars)
};
// Width a legend of `entries` takes; 0 when empty.
double legend_width(const std::vector<LegendEntry>& entries);
// One entry per row, the first row's top at (x, y).
void draw_legend(SvgCanvas& c, double x, double y, const std::vector<LegendEntry>& entries);

// Layout constants shared by the charts.
inline constexpr double kTickFont = 11;
inline constexpr double kLabelFont = 12;
inline constexpr double kTitleFont = 14;
inline constexpr double kLegendFont = 11;

}  // namespace hycam::plot
