// The adapter flags shared by train, generate, eval and compare (one table, llama.cpp style).
// Each flag given on the command line lands in `overrides` as "key" -> "value", so the same map
// applies on top of the defaults (train) or on top of an adapter file's metadata (generate, eval).
#pragma once
#include <CLI/CLI.hpp>

#include <map>
#include <string>

namespace hycam::cli {

void add_adapter_flags(CLI::App* cmd, std::map<std::string, std::string>& overrides, bool with_method);

}  // namespace hycam::cli
