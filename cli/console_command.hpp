// `zooscope console`: zkCli's interactive shell on an in-process simulated ensemble.
#pragma once

#include <iosfwd>

namespace zs::cli {

// Starts the ensemble, runs it until one leader is serving, connects a console to the chosen
// server and then runs each line from `in` (zkCli's commands, or zooscope's own `!` commands)
// by stepping the simulator until the console is idle. zkCli's stdout goes to `out`, its stderr
// to `err`. `echo`: write each line after its prompt (stdin is not a terminal, which would).
// With --connect HOSTS the same console runs on real servers over the wire (no simulator, no
// `!` commands but !help), waiting on the wall clock instead of stepping virtual time.
// Returns zkCli's exit code at quit or end of input; 2 for bad flags.
int run_console(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err, bool echo);

}  // namespace zs::cli
