// SVG figures without external libraries: line charts (training loss per step, eval loss per
// task), grouped bar charts (tasks x methods) and heatmaps (layers x experts, tasks x experts),
// each with axes, nice round ticks, labels, a title and a legend. A Figure places several panels
// in a grid in one file; HeatmapGrid places heatmaps side by side with one colour scale per row.
//
//   LineChart loss;  loss.title = "training loss";  loss.x_label = "step";  loss.log_y = true;
//   loss.add("hycam", steps, losses).add("lora", steps, lora_losses);
//   loss.save("loss.svg");                        // one panel, 640 x 400
//
//   Figure fig(2);  fig.title = "run 7";          // 2 columns of 640 x 400 panels
//   fig.add(bars);  fig.add(loss);  fig.save("report.svg");
//
// Files are written with write_file_atomic. All text is XML-escaped. Element conventions (stable,
// tests rely on them): each line series is one <path class="series">; each bar is one
// <rect class="bar">; each heatmap cell is one <rect class="cell">; a colour scale is one
// <rect class="scale">; legend swatches are class="legend"; the document has one background <rect>.
// Non-finite values are skipped (a gap in a line, no bar, a grey cell showing "–").
// Not here: interactive output, fonts measured exactly (widths are estimated), stacked bars.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace hycam {

namespace plot {
class SvgCanvas;
struct Box;
}  // namespace plot

// Something that draws itself into a box of a document.
class Panel {
 public:
  virtual ~Panel() = default;
  virtual void draw(plot::SvgCanvas& canvas, const plot::Box& area) const = 0;

  // This panel alone as an SVG document, and written to `path` (atomically).
  std::string to_svg(double width = 640, double height = 400) const;
  void save(const std::string& path, double width = 640, double height = 400) const;
};

struct LineSeries {
  std::string name;
  std::vector<double> x, y;
  std::string color;  // empty: the palette colour of its index
};

class LineChart : public Panel {
 public:
  std::string title, x_label, y_label;
  bool log_y = false;    // points with y <= 0 are skipped on a log axis
  bool markers = false;  // a dot at each point (always for series with a single point)
  int max_ticks = 6;
  std::vector<LineSeries> series;

  // Throws hycam::Error when x and y differ in length.
  LineChart& add(std::string name, std::vector<double> x, std::vector<double> y);
  void draw(plot::SvgCanvas& canvas, const plot::Box& area) const override;
};

// Grouped bars: one group per category along x, one bar per series inside each group.
class BarChart : public Panel {
 public:
  std::string title, x_label, y_label;
  std::vector<std::string> categories;    // e.g. tasks
  std::vector<std::string> series_names;  // e.g. methods
  std::vector<std::vector<double>> values;  // [series][category]
  bool value_labels = false;  // print each value above its bar
  int value_decimals = 2;
  int max_ticks = 6;

  // Throws hycam::Error unless `values` has one value per category.
  BarChart& add_series(std::string name, std::vector<double> values);
  void draw(plot::SvgCanvas& canvas, const plot::Box& area) const override;
};

// A matrix of values, coloured on [vmin, vmax] (viridis), each cell showing its value.
class Heatmap : public Panel {
 public:
  std::string title, x_label, y_label;
  std::vector<std::string> row_labels;  // empty: 0, 1, 2, ...
  std::vector<std::string> col_labels;  // empty: 0, 1, 2, ...
  std::vector<std::vector<double>> values;  // [row][col], every row the same length
  double vmin = 0, vmax = 1;
  bool show_values = true;  // dropped only where a cell is too small for 5 px text
  bool show_scale = true;   // the colour scale on the right
  bool reserve_scale_space = false;  // keep its room when hidden (equal cells across a grid)
  int value_decimals = 2;

  // Throws hycam::Error naming the heatmap when the shapes of values and labels disagree.
  void validate() const;
  void draw(plot::SvgCanvas& canvas, const plot::Box& area) const override;
};

// Panels in a grid, filled row by row; every cell is panel_width x panel_height.
class Figure {
 public:
  explicit Figure(int columns = 1, double panel_width = 640, double panel_height = 400);

  std::string title;  // above the grid

  template <class P>
  P& add(P panel) {
    auto owned = std::make_shared<P>(std::move(panel));
    P& ref = *owned;
    panels_.push_back(std::move(owned));
    return ref;
  }
  size_t size() const { return panels_.size(); }
  double width() const;
  double height() const;

  std::string to_svg() const;
  void save(const std::string& path) const;

 private:
  int columns_;
  double panel_width_, panel_height_;
  std::vector<std::shared_ptr<const Panel>> panels_;
};

// Heatmaps side by side (one per task), sharing a colour scale: it is drawn on the last panel of
// each row only (set shared_scale = false for one per panel).
class HeatmapGrid {
 public:
  explicit HeatmapGrid(int columns = 3, double panel_width = 360, double panel_height = 420);

  std::string title;
  bool shared_scale = true;
  std::vector<Heatmap> panels;

  Heatmap& add(Heatmap panel);
  std::string to_svg() const;
  void save(const std::string& path) const;

 private:
  Figure layout() const;

  int columns_;
  double panel_width_, panel_height_;
};

}  // namespace hycam
