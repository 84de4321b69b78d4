// Where ../shared (models, data, golden values) lives: $HYCAM_SHARED, else the path fixed at
// configure time (the folder beside the repository).
#pragma once
#include <string>

namespace hycam {

// The shared/ folder; throws hycam::Error naming the path and the override when it is missing.
std::string shared_dir();

// shared_dir() + "/" + relative.
std::string shared_path(const std::string& relative);

}  // namespace hycam
