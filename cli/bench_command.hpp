// `zooscope bench sim`: how fast the simulator runs on this machine (docs/PERFORMANCE.md).
#pragma once

#include <iosfwd>

namespace zs::cli {

// Runs `zooscope bench sim [--servers N] [--seconds S]` (argv[0] = "bench") and prints one
// `name=value` line per figure on `out`. Wall-clock time is read here, never in the engine.
// Exit code 2 = no or unknown benchmark name, or a bad flag, with a message on `err`.
int run_bench(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
