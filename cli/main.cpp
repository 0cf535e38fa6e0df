// zooscope: a headless subcommand (sim, console, bench) when argv names one, else the window
// (or, in a build without it, a clear word that it is missing).
#include <iostream>

#include "cli.hpp"
#include "window_entry.hpp"

int main(int argc, char** argv) {
  if (auto rc = zs::cli::run_subcommand(argc, argv, std::cout, std::cerr)) return *rc;
  return zs::app::window_main(argc, argv);
}
