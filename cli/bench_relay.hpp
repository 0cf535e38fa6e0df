// `zooscope bench relay`: the live relay's decoders, and the time it adds with real servers
// behind it (docs/PERFORMANCE.md).
#pragma once

#include <ostream>

namespace zs::cli {

int run_bench_relay(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
