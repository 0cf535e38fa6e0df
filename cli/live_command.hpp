// `zooscope live`: real ZooKeeper servers started by zooscope, every server-to-server
// connection through its relay (engine/live), run on a schedule like `zooscope sim` and
// printed from the decoded protocol, cross-checked with each server's `srvr`.
#pragma once

#include <ostream>

namespace zs::cli {

int run_live(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
