// hycam::Error: the one exception type of the project. Messages name the thing (file, tensor,
// option, record) and what is wrong; they are caught only at the command-line boundary.
#pragma once
#include <stdexcept>
#include <string>

namespace hycam {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace hycam
