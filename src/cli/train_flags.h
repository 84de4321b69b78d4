// The data and trainer flags shared by `hycam train` and `hycam compare`, with their defaults.
#pragma once
#include <CLI/CLI.hpp>

#include "train/options.h"

namespace hycam::cli {

void add_train_flags(CLI::App* cmd, TrainOptions& o);

}  // namespace hycam::cli
