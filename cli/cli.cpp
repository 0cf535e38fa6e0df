#include "cli.hpp"

#include <unistd.h>

#include <iostream>
#include <ostream>
#include <string_view>

#include "attach_command.hpp"
#include "live_command.hpp"
#include "bench_command.hpp"
#include "console_command.hpp"
#include "lab_command.hpp"
#include "sim_command.hpp"

namespace zs::cli {

std::optional<int> run_subcommand(int argc, char** argv, std::ostream& out, std::ostream& err) {
  if (argc < 2) return std::nullopt;
  const std::string_view cmd = argv[1];
  if (cmd == "sim") return run_sim(argc - 1, argv + 1, out, err);
  if (cmd == "lab") return run_lab(argc - 1, argv + 1, out, err);
  if (cmd == "bench") return run_bench(argc - 1, argv + 1, out, err);
  if (cmd == "attach") return run_attach(argc - 1, argv + 1, out, err);
  if (cmd == "live") return run_live(argc - 1, argv + 1, out, err);
  // Reads stdin; a line typed on a terminal is already on screen, a piped one is echoed.
  if (cmd == "console") return run_console(argc - 1, argv + 1, std::cin, out, err, isatty(STDIN_FILENO) == 0);
  return std::nullopt;
}

}  // namespace zs::cli
