// `zooscope bench data`: memory and speed of the data tree.
#pragma once

#include <iosfwd>

namespace zs::cli {

int run_bench_data(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
