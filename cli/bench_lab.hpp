// `zooscope bench lab`: how long a lab takes to open and each step to play (docs/PERFORMANCE.md).
#pragma once

#include <iosfwd>

namespace zs::cli {

int run_bench_lab(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
