// Every subcommand of `hycam` lives in its own cmd_*.cpp and registers itself with a static
// CommandRegistration, so adding a command touches no other file. A command's options live in a
// struct owned by its callback; work runs in the callback, after parsing, and reports failure by
// throwing hycam::Error (printed by main as one line, exit status 1).
#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace hycam::cli {

struct Command {
  int order;                               // position in `hycam --help`
  std::function<void(CLI::App&)> add;      // adds the subcommand and its callback
};

std::vector<Command>& command_registry();

// main's argv, for commands that re-run this program (--nproc starts its workers with it).
std::vector<std::string>& command_line();

struct CommandRegistration {
  CommandRegistration(int order, std::function<void(CLI::App&)> add) {
    command_registry().push_back({order, std::move(add)});
  }
};

}  // namespace hycam::cli
