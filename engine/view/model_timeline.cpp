#include "view/model_timeline.hpp"

namespace zs::view {

void fill_timeline_fields(ClusterView& model, const Simulator& sim) {
  model.wall_clock_origin_ms = sim.options().wall_clock_origin_ms;
}

}  // namespace zs::view
