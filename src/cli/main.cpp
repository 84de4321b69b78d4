// hycam: the command-line front end. Each subcommand lives in its own cmd_*.cpp file and registers
// itself here; errors are caught only at this boundary and printed as one line.
#include <CLI/CLI.hpp>
#include <iostream>

#include "util/error.h"

int main(int argc, char** argv) {
  CLI::App app{"hycam: multi-task adaptation of Llama-family models with HyCAM"};
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const hycam::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
