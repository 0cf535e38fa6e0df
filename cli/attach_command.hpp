// `zooscope attach HOSTS`: real ZooKeeper servers seen from outside (engine/attach), printed.
#pragma once

#include <ostream>

namespace zs::cli {

int run_attach(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
