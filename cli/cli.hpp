// The headless subcommands of the zooscope executable.
#pragma once

#include <iosfwd>
#include <optional>

namespace zs::cli {

// Runs `zooscope sim ...`, `zooscope bench ...`, `zooscope console` (which reads std::cin)
// and other headless subcommands. Returns the exit code, or nullopt when argv names no
// subcommand (then the window should open).
// Exit code 2 = bad flag or config, with a clear message on `err`.
std::optional<int> run_subcommand(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
