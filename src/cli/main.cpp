// hycam: the command-line front end. Subcommands register themselves (cli/commands.h); errors are
// caught only at this boundary and printed as one line.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "model/compute_threads.h"
#include "util/allocator.h"
#include "util/error.h"

namespace hycam::cli {

std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}

std::vector<std::string>& command_line() {
  static std::vector<std::string> args;
  return args;
}

}  // namespace hycam::cli

int main(int argc, char** argv) {
  hycam::use_best_openblas_kernels(argv);
  hycam::tune_allocator();
  hycam::set_compute_threads(0);  // commands with --threads set their own
  hycam::warn_if_reference_blas(std::cerr);
  hycam::cli::command_line().assign(argv, argv + argc);
  CLI::App app{"hycam: multi-task adaptation of Llama-family models with HyCAM"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hycam 0.1");
  auto commands = hycam::cli::command_registry();
  std::sort(commands.begin(), commands.end(), [](auto& a, auto& b) { return a.order < b.order; });
  for (auto& c : commands) c.add(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
