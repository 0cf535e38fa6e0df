// The timeline as an SVG file: a lane per server, an arrow per message (PINGs left out),
// state changes marked on the lanes, time along the x axis. Same colours as the window.
#pragma once

#include <string>

#include "cluster_view.hpp"

namespace zs::gui {

// The whole run up to the model's moment; empty lanes when the model has no trace.
std::string timeline_svg(const ClusterView& model);

}  // namespace zs::gui
