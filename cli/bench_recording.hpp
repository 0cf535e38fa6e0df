// `zooscope bench recording FILE`: how fast an attach recording opens and scrubs
// (docs/PERFORMANCE.md, "Attach: recordings").
#pragma once

#include <ostream>

namespace zs::cli {

int run_bench_recording(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
