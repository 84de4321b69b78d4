// SvgCanvas: the low-level SVG element writer behind util/svg_plot.h, plus the shared pieces of
// every chart: XML escaping, compact number formatting, the series palette, the heatmap colour map
// and a text-width estimate (we cannot measure fonts, so layout assumes ~0.6 em per character).
//
// Coordinates are SVG user units (pixels), y downwards. All text passes through xml_escape.
#pragma once
#include <cstddef>
#include <string>

namespace hycam::plot {

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};

// Escapes & < > " ' and replaces control characters that XML 1.0 forbids with spaces.
std::string xml_escape(const std::string& text);

// A coordinate or size: at most 2 decimals, trailing zeros dropped ("12", "3.5", "-0.25").
std::string num(double v);

// `v` with exactly `decimals` decimals ("0.50"); non-finite -> "–" (en dash).
std::string fixed(double v, int decimals);

// The i-th series colour (Tableau 10, then repeats), as "#rrggbb".
const std::string& palette_color(size_t i);

// The viridis colour for t in [0, 1] (clamped), as "#rrggbb".
std::string colormap(double t);

// True when black text would be hard to read on `hex_color` ("#rrggbb").
bool is_dark(const std::string& hex_color);

// Estimated width of `text` in pixels at `font_size` (0.6 em per UTF-8 code point).
double text_width(const std::string& text, double font_size);

// `text` cut to at most `max_width` pixels, with "…" at the end when it was cut.
std::string fit_text(const std::string& text, double max_width, double font_size);

struct TextStyle {
  double size = 12;
  std::string anchor = "start";  // start | middle | end
  std::string fill = "#222222";
  bool bold = false;
  double rotate = 0;             // degrees about (x, y)
};

class SvgCanvas {
 public:
  // `attrs` are extra raw attributes (e.g. `class="bar"`); `tooltip` becomes a <title> child.
  void rect(const Box& box, const std::string& fill, const std::string& attrs = "",
            const std::string& tooltip = "");
  void line(double x1, double y1, double x2, double y2, const std::string& stroke,
            double width = 1, const std::string& attrs = "");
  void path(const std::string& d, const std::string& stroke, double width,
            const std::string& attrs = "");
  void circle(double cx, double cy, double r, const std::string& fill, const std::string& attrs = "");
  // (x, y) is the baseline point of the anchor.
  void text(double x, double y, const std::string& text, const TextStyle& style = {});
  // Verbatim markup (gradients in <defs>); the caller escapes.
  void raw(const std::string& markup);

  // A fresh id for this document ("<prefix>1", "<prefix>2", ...).
  std::string next_id(const std::string& prefix);

  // The complete document: XML declaration, <svg> root of the given size, the elements.
  std::string document(double width, double height) const;

 private:
  std::string body_;
  size_t ids_ = 0;
};

}  // namespace hycam::plot
