// `zooscope bench data`: memory and speed of the data tree.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <vector>

namespace zs::cli {

int run_bench_data(int argc, char** argv, std::ostream& out, std::ostream& err);

// The figures of `bench data` for each size in turn (`data.create_per_s_<n>`, ...), then
// `data.bytes_source`, `data.create_per_s` and `data.bytes_per_znode` of the last size.
// `bench zab` prints the same lines through this.
void print_data_figures(std::ostream& out, const std::vector<std::size_t>& znodes);

}  // namespace zs::cli
