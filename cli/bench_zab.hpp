// `zooscope bench zab`: committed writes per wall second and the commit latency of the
// simulated ensemble, plus the data tree's figures (docs/PERFORMANCE.md).
#pragma once

#include <iosfwd>

namespace zs::cli {

// Runs `zooscope bench zab [--servers N|N,N|all] [--writes W] [--outstanding K] ...`
// (argv[0] = "zab") and prints one `name=value` line per figure on `out`: a block of `zab.*`
// lines per ensemble size, then the `data.*` lines of `bench data`. Wall-clock time is read
// here, never in the engine. Exit code 2 = bad flag; 1 = the ensemble did not get a leader or
// stopped committing.
int run_bench_zab(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
