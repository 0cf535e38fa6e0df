// The ClusterView fields the timeline and the log need beyond build_model's.
#pragma once

#include "view/cluster_view.hpp"
#include "sim/simulator.hpp"

namespace zs::view {

void fill_timeline_fields(ClusterView& model, const Simulator& sim);

}  // namespace zs::view
