#include "util/plot/svg_canvas.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "util/table.h"

namespace hycam::plot {
namespace {

struct Rgb {
  double r, g, b;
};

// Viridis sampled at t = 0, 0.125, ..., 1 (matplotlib's table).
constexpr std::array<Rgb, 9> kViridis = {{{68, 1, 84},
                                          {71, 44, 122},
                                          {59, 81, 139},
                                          {44, 113, 142},
                                          {33, 144, 141},
                                          {39, 173, 129},
                                          {92, 200, 99},
                                          {170, 220, 50},
                                          {253, 231, 37}}};

std::string hex(const Rgb& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(std::lround(c.r)),
                static_cast<int>(std::lround(c.g)), static_cast<int>(std::lround(c.b)));
  return buf;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string s;
  s.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': s += "&amp;"; break;
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '"': s += "&quot;"; break;
      case '\'': s += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') s += ' ';
        else s += c;
    }
  }
  return s;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "\u2013";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 12), v);
  std::string s = buf;
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // "-0.00"
  return s;
}

const std::string& palette_color(size_t i) {
  static const std::array<std::string, 10> kPalette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                       "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                       "#9c755f", "#bab0ac"};
  return kPalette[i % kPalette.size()];
}

std::string colormap(double t) {
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0) * (kViridis.size() - 1);
  const size_t i = std::min(static_cast<size_t>(t), kViridis.size() - 2);
  const double f = t - i;
  const Rgb& a = kViridis[i];
  const Rgb& b = kViridis[i + 1];
  return hex({a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)});
}

bool is_dark(const std::string& hex_color) {
  if (hex_color.size() != 7 || hex_color[0] != '#') return false;
  const long v = std::strtol(hex_color.c_str() + 1, nullptr, 16);
  const double r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;  // perceived luminance
}

double text_width(const std::string& text, double font_size) {
  return 0.6 * font_size * static_cast<double>(utf8_width(text));
}

std::string fit_text(const std::string& text, double max_width, double font_size) {
  if (text_width(text, font_size) <= max_width) return text;
  const size_t keep = static_cast<size_t>(std::max(0.0, max_width / (0.6 * font_size) - 1));
  std::string s;
  size_t points = 0;
  for (char c : text) {
    const bool starts_point = (c & 0xC0) != 0x80;
    if (starts_point && points++ == keep) break;
    s += c;
  }
  return s + "\u2026";
}

void SvgCanvas::rect(const Box& box, const std::string& fill, const std::string& attrs,
                     const std::string& tooltip) {
  body_ += "<rect x=\"" + num(box.x) + "\" y=\"" + num(box.y) + "\" width=\"" + num(box.w) +
           "\" height=\"" + num(box.h) + "\" fill=\"" + fill + "\"";
  if (!attrs.empty()) body_ += " " + attrs;
  if (tooltip.empty()) body_ += "/>\n";
  else body_ += "><title>" + xml_escape(tooltip) + "</title></rect>\n";
}

void SvgCanvas::line(double x1, double y1, double x2, double y2, const std::string& stroke,
                     double width, const std::string& attrs) {
  body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
           num(y2) + "\" stroke=\"" + stroke + "\" stroke-width=\"" + num(width) + "\"";
  if (!attrs.empty()) body_ += " " + attrs;
  body_ += "/>\n";
}

void SvgCanvas::path(const std::string& d, const std::string& stroke, double width,
                     const std::string& attrs) {
  body_ += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + stroke + "\" stroke-width=\"" +
           num(width) + "\" stroke-linejoin=\"round\" stroke-linecap=\"round\"";
  if (!attrs.empty()) body_ += " " + attrs;
  body_ += "/>\n";
}

void SvgCanvas::circle(double cx, double cy, double r, const std::string& fill,
                       const std::string& attrs) {
  body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\" fill=\"" +
           fill + "\"";
  if (!attrs.empty()) body_ += " " + attrs;
  body_ += "/>\n";
}

void SvgCanvas::text(double x, double y, const std::string& text, const TextStyle& style) {
  body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(style.size) +
           "\" fill=\"" + style.fill + "\"";
  if (style.anchor != "start") body_ += " text-anchor=\"" + style.anchor + "\"";
  if (style.bold) body_ += " font-weight=\"bold\"";
  if (style.rotate != 0)
    body_ += " transform=\"rotate(" + num(style.rotate) + " " + num(x) + " " + num(y) + ")\"";
  body_ += ">" + xml_escape(text) + "</text>\n";
}

void SvgCanvas::raw(const std::string& markup) { body_ += markup; }

std::string SvgCanvas::next_id(const std::string& prefix) { return prefix + std::to_string(++ids_); }

std::string SvgCanvas::document(double width, double height) const {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
         "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n" + body_ + "</svg>\n";
}

}  // namespace hycam::plot
