// The server the tree and console tabs look at, and the combo that picks it.
#pragma once

#include "cluster_view.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

// model.selected_server when it names a server; else the leader a quorum follows; else the
// first server; 0 when there are no servers.
Sid shown_server(const ClusterView& model);

// "server.1 (FOLLOWING)" ... combo; choosing one posts SelectServer{sid}.
void server_combo(const ClusterView& model, Sid shown, UiBus& bus);

}  // namespace zs::gui
