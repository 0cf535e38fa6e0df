// `zooscope bench attach HOSTS`: the attach layer against a real ensemble (docs/PERFORMANCE.md).
#pragma once

#include <ostream>

namespace zs::cli {

int run_bench_attach(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
