#include "util/table.h"

#include <algorithm>

#include "util/error.h"

namespace hycam {
namespace {

std::string escape_markdown(const std::string& cell) {
  std::string s;
  for (char c : cell) {
    if (c == '|') s += '\\';
    s += c == '\n' ? ' ' : c;
  }
  return s;
}

std::string pad(const std::string& s, size_t width, Align align) {
  const size_t w = utf8_width(s);
  if (w >= width) return s;
  const size_t space = width - w;
  switch (align) {
    case Align::right: return std::string(space, ' ') + s;
    case Align::center: return std::string(space / 2, ' ') + s + std::string(space - space / 2, ' ');
    case Align::left: break;
  }
  return s + std::string(space, ' ');
}

std::string rule(size_t width, Align align, bool markdown) {
  if (!markdown) return std::string(width, '-');
  switch (align) {
    case Align::right: return std::string(width - 1, '-') + ":";
    case Align::center: return ":" + std::string(width - 2, '-') + ":";
    case Align::left: break;
  }
  return ":" + std::string(width - 1, '-');
}

void strip_trailing_spaces(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

}  // namespace

size_t utf8_width(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

Table::Table(std::vector<std::string> header, std::vector<Align> align)
    : header_(std::move(header)), align_(std::move(align)) {
  if (header_.empty()) throw Error("table: the header has no columns");
  if (align_.size() > header_.size())
    throw Error("table: " + std::to_string(align_.size()) + " alignments for " +
                std::to_string(header_.size()) + " columns");
  align_.resize(header_.size(), Align::left);
}

Table& Table::add_row(std::vector<std::string> cells) {
  if (cells.size() > header_.size())
    throw Error("table: row " + std::to_string(rows_.size() + 1) + " has " +
                std::to_string(cells.size()) + " cells but the header has " +
                std::to_string(header_.size()) + " columns");
  cells.resize(header_.size());
  rows_.push_back(std::move(cells));
  return *this;
}

// Widest cell per column; Markdown needs at least 3 for the ":--" rule.
std::vector<size_t> Table::widths(bool markdown) const {
  std::vector<size_t> w(header_.size(), markdown ? 3 : 1);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size(); ++c)
      w[c] = std::max(w[c], utf8_width(markdown ? escape_markdown(row[c]) : row[c]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  return w;
}

std::string Table::markdown() const {
  const std::vector<size_t> w = widths(true);
  auto line = [&](const std::vector<std::string>& row) {
    std::string s = "|";
    for (size_t c = 0; c < row.size(); ++c) s += " " + pad(escape_markdown(row[c]), w[c], align_[c]) + " |";
    return s + "\n";
  };
  std::string out = line(header_);
  out += "|";
  for (size_t c = 0; c < w.size(); ++c) out += rule(w[c] + 2, align_[c], true) + "|";
  out += "\n";
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string Table::plain() const {
  const std::vector<size_t> w = widths(false);
  auto line = [&](const std::vector<std::string>& row, bool is_rule) {
    std::string s;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) s += "  ";
      s += is_rule ? rule(w[c], align_[c], false) : pad(row[c], w[c], align_[c]);
    }
    strip_trailing_spaces(s);
    return s + "\n";
  };
  std::string out = line(header_, false) + line(header_, true);
  for (const auto& row : rows_) out += line(row, false);
  return out;
}

}  // namespace hycam
