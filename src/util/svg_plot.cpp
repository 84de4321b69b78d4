// Figure, HeatmapGrid and the single-panel document; the charts are in util/plot/*_chart.cpp and
// util/plot/heatmap.cpp.
#include "util/svg_plot.h"

#include <algorithm>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/plot/axis.h"
#include "util/plot/svg_canvas.h"

namespace hycam {

using plot::Box;
using plot::SvgCanvas;

namespace {

constexpr double kFigureTitleHeight = 34;

void background(SvgCanvas& c, double w, double h) { c.rect({0, 0, w, h}, "#ffffff", "class=\"background\""); }

}  // namespace

std::string Panel::to_svg(double width, double height) const {
  SvgCanvas c;
  background(c, width, height);
  draw(c, {0, 0, width, height});
  return c.document(width, height);
}

void Panel::save(const std::string& path, double width, double height) const {
  write_file_atomic(path, to_svg(width, height));
}

Figure::Figure(int columns, double panel_width, double panel_height)
    : columns_(columns), panel_width_(panel_width), panel_height_(panel_height) {
  if (columns < 1) throw Error("figure: columns must be >= 1, got " + std::to_string(columns));
  if (!(panel_width > 0) || !(panel_height > 0))
    throw Error("figure: panel size must be positive, got " + std::to_string(panel_width) + " x " +
                std::to_string(panel_height));
}

double Figure::width() const {
  const size_t cols = std::min<size_t>(columns_, std::max<size_t>(panels_.size(), 1));
  return cols * panel_width_;
}

double Figure::height() const {
  const size_t rows = std::max<size_t>((panels_.size() + columns_ - 1) / columns_, 1);
  return rows * panel_height_ + (title.empty() ? 0 : kFigureTitleHeight);
}

std::string Figure::to_svg() const {
  const double w = width(), h = height();
  SvgCanvas c;
  background(c, w, h);
  const double top = title.empty() ? 0 : kFigureTitleHeight;
  if (!title.empty()) {
    plot::TextStyle s{16, "middle", "#111111"};
    s.bold = true;
    c.text(w / 2, 23, plot::fit_text(title, w - 10, 16), s);
  }
  for (size_t i = 0; i < panels_.size(); ++i) {
    const double x = static_cast<double>(i % columns_) * panel_width_;
    const double y = top + static_cast<double>(i / columns_) * panel_height_;
    c.raw("<g class=\"panel\">\n");
    panels_[i]->draw(c, Box{x, y, panel_width_, panel_height_});
    c.raw("</g>\n");
  }
  return c.document(w, h);
}

void Figure::save(const std::string& path) const { write_file_atomic(path, to_svg()); }

HeatmapGrid::HeatmapGrid(int columns, double panel_width, double panel_height)
    : columns_(columns), panel_width_(panel_width), panel_height_(panel_height) {
  Figure check(columns, panel_width, panel_height);  // same argument checks
}

Heatmap& HeatmapGrid::add(Heatmap panel) {
  panels.push_back(std::move(panel));
  return panels.back();
}

Figure HeatmapGrid::layout() const {
  Figure fig(columns_, panel_width_, panel_height_);
  fig.title = title;
  for (size_t i = 0; i < panels.size(); ++i) {
    Heatmap& h = fig.add(panels[i]);
    const bool last_in_row = (i + 1) % columns_ == 0 || i + 1 == panels.size();
    if (shared_scale) {
      h.show_scale = last_in_row;
      h.reserve_scale_space = true;
    }
  }
  return fig;
}

std::string HeatmapGrid::to_svg() const { return layout().to_svg(); }

void HeatmapGrid::save(const std::string& path) const { layout().save(path); }

}  // namespace hycam
