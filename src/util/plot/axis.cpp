#include "util/plot/axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "util/error.h"

namespace hycam::plot {
namespace {

constexpr double kEps = 1e-9;
constexpr double kMantissas[] = {1, 2, 5};

// The smallest step m * 10^k (m in 1, 2, 5) for which count(step) <= max_ticks.
template <class Count>
double pick_step(double span, int max_ticks, Count count) {
  double base = std::pow(10.0, std::floor(std::log10(span / max_ticks)) - 1);
  for (int decade = 0; decade < 40; ++decade, base *= 10)
    for (double m : kMantissas)
      if (count(m * base) <= max_ticks) return m * base;
  return span;
}

// Multiples i * step for i in [first, last]; snapping tiny values to 0 avoids "-1.1e-17".
std::vector<double> multiples(long long first, long long last, double step) {
  std::vector<double> out;
  for (long long i = first; i <= last; ++i) {
    const double v = static_cast<double>(i) * step;
    out.push_back(std::abs(v) < step * kEps ? 0.0 : v);
  }
  return out;
}

// The largest m * 10^k <= v and the smallest >= v (v > 0), m from `mantissas` (ascending, from 1).
double floor_to(double v, const std::vector<double>& mantissas) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (auto m = mantissas.rbegin(); m != mantissas.rend(); ++m)
    if (*m * p <= v * (1 + kEps)) return *m * p;
  return p;
}
double ceil_to(double v, const std::vector<double>& mantissas) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : mantissas)
    if (m * p >= v * (1 - kEps)) return m * p;
  return 10 * p;
}

// Every m * 10^k in [lo, hi].
std::vector<double> log_ticks(double lo, double hi, const std::vector<double>& mantissas) {
  std::vector<double> out;
  for (int k = static_cast<int>(std::floor(std::log10(lo) + kEps)); std::pow(10.0, k) <= hi * (1 + kEps); ++k)
    for (double m : mantissas) {
      const double v = m * std::pow(10.0, k);
      if (v >= lo * (1 - kEps) && v <= hi * (1 + kEps)) out.push_back(v);
    }
  return out;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  if (lo > hi) std::swap(lo, hi);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  if (lo == hi) return {lo};
  max_ticks = std::max(max_ticks, 2);
  auto first = [&](double s) { return static_cast<long long>(std::ceil(lo / s - kEps)); };
  auto last = [&](double s) { return static_cast<long long>(std::floor(hi / s + kEps)); };
  const double step = pick_step(hi - lo, max_ticks, [&](double s) { return last(s) - first(s) + 1; });
  return multiples(first(step), last(step), step);
}

Axis linear_axis(double lo, double hi, int max_ticks) {
  if (lo > hi) std::swap(lo, hi);
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (lo == hi) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad, hi += pad;
  }
  max_ticks = std::max(max_ticks, 2);
  auto first = [&](double s) { return static_cast<long long>(std::floor(lo / s + kEps)); };
  auto last = [&](double s) { return static_cast<long long>(std::ceil(hi / s - kEps)); };
  Axis a;
  a.step = pick_step(hi - lo, max_ticks, [&](double s) { return last(s) - first(s) + 1; });
  a.ticks = multiples(first(a.step), last(a.step), a.step);
  a.lo = a.ticks.front();
  a.hi = a.ticks.back();
  return a;
}

Axis log_axis(double lo, double hi) {
  if (!(lo > 0) || !(hi >= lo) || !std::isfinite(hi))
    throw Error("log axis needs 0 < low <= high, got " + std::to_string(lo) + " .. " +
                std::to_string(hi) + " (drop values <= 0 or use a linear axis)");
  if (lo == hi) lo /= 2, hi *= 2;
  Axis a;
  a.log = true;
  const std::vector<double> all = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> some = {1, 2, 5};
  a.lo = floor_to(lo, all), a.hi = ceil_to(hi, all);  // within a decade: 1, 2, ..., 9
  a.ticks = log_ticks(a.lo, a.hi, all);
  if (std::log10(a.hi / a.lo) <= 1 + kEps && a.ticks.size() <= 6) return a;
  a.lo = floor_to(lo, some), a.hi = ceil_to(hi, some);  // up to two decades: 1, 2, 5
  a.ticks = log_ticks(a.lo, a.hi, some);
  if (std::log10(a.hi / a.lo) <= 2 + kEps) return a;
  const int k0 = static_cast<int>(std::floor(std::log10(lo) + kEps));
  const int k1 = static_cast<int>(std::ceil(std::log10(hi) - kEps));
  a.lo = std::pow(10.0, k0);
  a.hi = std::pow(10.0, k1);
  a.ticks.clear();
  const int every = std::max(1, (k1 - k0 + 6) / 7);  // at most ~8 labelled decades
  for (int k = k0; k <= k1; k += every) a.ticks.push_back(std::pow(10.0, k));
  return a;
}

double Axis::map(double v, double a, double b) const {
  const double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                       : (v - lo) / (hi - lo);
  return a + t * (b - a);
}

std::string Axis::label(double v) const {
  char buf[64];
  if (log || std::abs(v) >= 1e6 || step < 1e-4) {
    std::snprintf(buf, sizeof buf, "%g", v);
  } else {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - kEps)));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  }
  std::string s = buf;
  if (s.find_first_not_of("-0.") == std::string::npos) s = s.substr(s[0] == '-' ? 1 : 0);
  return s;
}

Box inset(const Box& area, const Margins& m) {
  return {area.x + m.left, area.y + m.top, std::max(1.0, area.w - m.left - m.right),
          std::max(1.0, area.h - m.top - m.bottom)};
}

double y_tick_label_width(const Axis& y) {
  double w = 0;
  for (double t : y.ticks) w = std::max(w, text_width(y.label(t), kTickFont));
  return w;
}

void draw_y_axis(SvgCanvas& c, const Box& area, const Box& plot, const Axis& y, const std::string& label) {
  TextStyle tick{kTickFont, "end", "#444444"};
  for (double t : y.ticks) {
    const double py = y.map(t, plot.bottom(), plot.y);
    c.line(plot.x, py, plot.right(), py, "#e6e6e6", 1, "class=\"grid\"");
    c.text(plot.x - 6, py + 0.35 * kTickFont, y.label(t), tick);
  }
  c.line(plot.x, plot.y, plot.x, plot.bottom(), "#444444", 1, "class=\"axis\"");
  if (!label.empty()) {
    TextStyle s{kLabelFont, "middle", "#222222"};
    s.rotate = -90;
    c.text(area.x + 4 + kLabelFont, plot.y + plot.h / 2, fit_text(label, plot.h, kLabelFont), s);
  }
}

void draw_x_axis(SvgCanvas& c, const Box& area, const Box& plot, const Axis& x, const std::string& label) {
  TextStyle tick{kTickFont, "middle", "#444444"};
  for (double t : x.ticks) {
    const double px = x.map(t, plot.x, plot.right());
    c.line(px, plot.y, px, plot.bottom(), "#e6e6e6", 1, "class=\"grid\"");
    c.text(px, plot.bottom() + 5 + kTickFont, x.label(t), tick);
  }
  c.line(plot.x, plot.bottom(), plot.right(), plot.bottom(), "#444444", 1, "class=\"axis\"");
  if (!label.empty())
    c.text(plot.x + plot.w / 2, area.bottom() - 6, fit_text(label, plot.w, kLabelFont),
           {kLabelFont, "middle", "#222222"});
}

void draw_title(SvgCanvas& c, const Box& area, const std::string& title) {
  if (title.empty()) return;
  TextStyle s{kTitleFont, "middle", "#111111"};
  s.bold = true;
  c.text(area.x + area.w / 2, area.y + 6 + kTitleFont, fit_text(title, area.w - 10, kTitleFont), s);
}

double legend_width(const std::vector<LegendEntry>& entries) {
  double w = 0;
  for (const auto& e : entries) w = std::max(w, text_width(e.name, kLegendFont));
  return entries.empty() ? 0 : 26 + w + 8;
}

void draw_legend(SvgCanvas& c, double x, double y, const std::vector<LegendEntry>& entries) {
  constexpr double kRow = 17;
  for (size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double mid = y + kRow * i + kRow / 2;
    if (e.line) c.line(x, mid, x + 18, mid, e.color, 2.5, "class=\"legend\"");
    else c.rect({x + 4, mid - 5, 10, 10}, e.color, "class=\"legend\"");
    c.text(x + 24, mid + 0.35 * kLegendFont, e.name, {kLegendFont, "start", "#222222"});
  }
}

}  // namespace hycam::plot
