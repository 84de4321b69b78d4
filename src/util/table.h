// Table: rows of strings under a header, rendered as a Markdown table (for reports and READMEs)
// or as an aligned plain-text table (for the terminal).
//
//   Table t({"method", "loss"}, {Align::left, Align::right});
//   t.add_row({"hycam", "1.23"});
//   t.markdown():  | method |  loss |      t.plain():  method  loss
//                  |:-------|------:|                  ------  ----
//                  | hycam  |  1.23 |                  hycam   1.23
//
// Widths count UTF-8 code points, so "±" or "—" do not shift the columns. In Markdown a '|' in a
// cell is written "\|".
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace hycam {

enum class Align { left, right, center };

class Table {
 public:
  // `align` may be shorter than `header` (the rest are left-aligned); longer throws hycam::Error.
  explicit Table(std::vector<std::string> header, std::vector<Align> align = {});

  // A row with fewer cells than the header is padded with empty cells; more throws hycam::Error.
  Table& add_row(std::vector<std::string> cells);

  std::string markdown() const;
  // Columns separated by two spaces, header underlined with dashes, no trailing spaces.
  std::string plain() const;

  size_t columns() const { return header_.size(); }
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<size_t> widths(bool markdown) const;

  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of a UTF-8 string: its number of code points.
size_t utf8_width(const std::string& s);

}  // namespace hycam
