// The tree and console tabs' part of the per-frame model (the znode trees themselves are
// filled by Driver::model()).
#pragma once

#include "view/cluster_view.hpp"
#include "sim/simulator.hpp"

namespace zs::view {

// Fills model.watches from the running servers; model.peers must be filled first.
void fill_tree_model(const Simulator& sim, ClusterView& model);

}  // namespace zs::view
