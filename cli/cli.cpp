#include "cli.hpp"

#include <ostream>
#include <string_view>

#include "bench_command.hpp"
#include "sim_command.hpp"

namespace zs::cli {

std::optional<int> run_subcommand(int argc, char** argv, std::ostream& out, std::ostream& err) {
  if (argc < 2) return std::nullopt;
  const std::string_view cmd = argv[1];
  if (cmd == "sim") return run_sim(argc - 1, argv + 1, out, err);
  if (cmd == "bench") return run_bench(argc - 1, argv + 1, out, err);
  return std::nullopt;
}

}  // namespace zs::cli
