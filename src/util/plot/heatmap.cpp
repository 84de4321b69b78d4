// Heatmap (util/svg_plot.h): a matrix of coloured cells, each showing its value, with row and
// column labels and a vertical colour scale on the right.
#include <algorithm>
#include <cmath>

#include "util/error.h"
#include "util/plot/axis.h"
#include "util/plot/svg_canvas.h"
#include "util/svg_plot.h"

namespace hycam {

using namespace plot;

namespace {

constexpr double kScaleBar = 14;  // width of the colour bar

std::vector<std::string> labels_or_indices(const std::vector<std::string>& labels, size_t n) {
  if (!labels.empty()) return labels;
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(std::to_string(i));
  return out;
}

double widest(const std::vector<std::string>& labels, double font) {
  double w = 0;
  for (const auto& s : labels) w = std::max(w, text_width(s, font));
  return w;
}

// The scale: a gradient bar beside `plot` with ticks on [vmin, vmax].
void draw_scale(SvgCanvas& c, const Heatmap& h, const Box& plot) {
  const std::string id = c.next_id("scale");
  std::string defs = "<defs><linearGradient id=\"" + id + "\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">";
  for (int i = 0; i <= 8; ++i)
    defs += "<stop offset=\"" + num(i / 8.0) + "\" stop-color=\"" + colormap(i / 8.0) + "\"/>";
  c.raw(defs + "</linearGradient></defs>\n");
  const Box bar{plot.right() + 14, plot.y, kScaleBar, plot.h};
  c.rect(bar, "url(#" + id + ")", "class=\"scale\" stroke=\"#888888\" stroke-width=\"0.5\"");
  const std::vector<double> ticks = nice_ticks(h.vmin, h.vmax, 6);
  Axis a;  // for map() and label() over exactly [vmin, vmax]
  a.lo = h.vmin, a.hi = h.vmax;
  a.step = ticks.size() > 1 ? ticks[1] - ticks[0] : h.vmax - h.vmin;
  for (double t : ticks) {
    const double py = a.map(t, bar.bottom(), bar.y);
    c.line(bar.right(), py, bar.right() + 4, py, "#444444", 1, "class=\"tick\"");
    c.text(bar.right() + 6, py + 0.35 * kTickFont, a.label(t), {kTickFont, "start", "#444444"});
  }
}

void draw_cells(SvgCanvas& c, const Heatmap& h, const Box& plot, const std::vector<std::string>& rows,
                const std::vector<std::string>& cols) {
  const double cw = plot.w / cols.size(), ch = plot.h / rows.size();
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t k = 0; k < cols.size(); ++k) {
      const double v = h.values[r][k];
      const std::string color =
          std::isfinite(v) ? colormap((v - h.vmin) / (h.vmax - h.vmin)) : "#dddddd";
      const std::string text = fixed(v, h.value_decimals);
      const Box cell{plot.x + cw * k, plot.y + ch * r, cw, ch};
      c.rect(cell, color, "class=\"cell\" stroke=\"#ffffff\" stroke-width=\"1\"",
             rows[r] + " / " + cols[k] + ": " + text);
      if (!h.show_values) continue;
      const double size = std::min({12.0, ch * 0.55, cw * 0.9 / (0.6 * text.size())});
      if (size < 5) continue;
      const std::string ink = is_dark(color) ? "#ffffff" : "#111111";
      c.text(cell.x + cw / 2, cell.y + ch / 2 + 0.35 * size, text, {size, "middle", ink});
    }
  }
}

void draw_row_labels(SvgCanvas& c, const Box& plot, const std::vector<std::string>& rows, double room) {
  const double ch = plot.h / rows.size();
  const double size = std::min(kTickFont, ch * 0.8);
  for (size_t r = 0; r < rows.size(); ++r)
    c.text(plot.x - 6, plot.y + ch * (r + 0.5) + 0.35 * size, fit_text(rows[r], room, size),
           {size, "end", "#222222"});
}

void draw_col_labels(SvgCanvas& c, const Box& plot, const std::vector<std::string>& cols,
                     bool rotated, double room) {
  const double cw = plot.w / cols.size();
  for (size_t k = 0; k < cols.size(); ++k) {
    TextStyle s{kTickFont, rotated ? "end" : "middle", "#222222"};
    s.rotate = rotated ? -45 : 0;
    const double x = plot.x + cw * (k + 0.5);
    c.text(x, plot.bottom() + (rotated ? 10 : 5 + kTickFont), fit_text(cols[k], room, kTickFont), s);
  }
}

}  // namespace

void Heatmap::validate() const {
  const std::string me = "heatmap '" + title + "': ";
  if (values.empty() || values[0].empty()) throw Error(me + "no values");
  for (size_t r = 0; r < values.size(); ++r)
    if (values[r].size() != values[0].size())
      throw Error(me + "row " + std::to_string(r) + " has " + std::to_string(values[r].size()) +
                  " values, row 0 has " + std::to_string(values[0].size()));
  if (!row_labels.empty() && row_labels.size() != values.size())
    throw Error(me + std::to_string(row_labels.size()) + " row labels for " +
                std::to_string(values.size()) + " rows");
  if (!col_labels.empty() && col_labels.size() != values[0].size())
    throw Error(me + std::to_string(col_labels.size()) + " column labels for " +
                std::to_string(values[0].size()) + " columns");
  if (!(vmax > vmin)) throw Error(me + "vmax must be greater than vmin");
}

void Heatmap::draw(SvgCanvas& c, const Box& area) const {
  validate();
  const auto rows = labels_or_indices(row_labels, values.size());
  const auto cols = labels_or_indices(col_labels, values[0].size());
  const double row_room = std::min(widest(rows, kTickFont), area.w * 0.3);
  double scale_room = 0;
  if (show_scale || reserve_scale_space) {
    Axis a = linear_axis(vmin, vmax);
    scale_room = 14 + kScaleBar + 6 + y_tick_label_width(a);
  }
  Margins m;
  m.top = title.empty() ? 10 : 32;
  m.left = 14 + row_room + (y_label.empty() ? 0 : 20);
  m.right = 10 + scale_room;
  const double cw = std::max(1.0, area.w - m.left - m.right) / cols.size();
  const double col_widest = widest(cols, kTickFont);
  const bool rotated = col_widest > cw * 0.95;
  const double col_room = rotated ? std::min(col_widest, area.h * 0.25 / std::sin(M_PI / 4)) : cw * 0.95;
  m.bottom = (rotated ? col_room * std::sin(M_PI / 4) + 14 : kTickFont + 10) + (x_label.empty() ? 0 : 20);
  const Box plot = inset(area, m);

  draw_title(c, area, title);
  draw_cells(c, *this, plot, rows, cols);
  draw_row_labels(c, plot, rows, row_room);
  draw_col_labels(c, plot, cols, rotated, col_room);
  if (show_scale) draw_scale(c, *this, plot);
  if (!y_label.empty()) {
    TextStyle s{kLabelFont, "middle", "#222222"};
    s.rotate = -90;
    c.text(area.x + 4 + kLabelFont, plot.y + plot.h / 2, fit_text(y_label, plot.h, kLabelFont), s);
  }
  if (!x_label.empty())
    c.text(plot.x + plot.w / 2, area.bottom() - 6, fit_text(x_label, plot.w, kLabelFont),
           {kLabelFont, "middle", "#222222"});
}

}  // namespace hycam
