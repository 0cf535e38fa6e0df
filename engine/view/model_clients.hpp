// The clients part of the per-frame model: each client handle, its session and that
// session's clock at the leader (ClusterView::clients).
#pragma once

#include <cstdint>
#include <span>

#include "sim/simulator.hpp"
#include "view/cluster_view.hpp"

namespace zs::view {

// Which console drives a client handle.
struct ClientOwner {
  std::int32_t index = 0;  // the simulator's client number
  Sid console = 0;         // the server whose Console tab it is
  bool open = false;       // that tab's zkCli now
};

// Fills model.clients from the simulator; model.peers and model.stable_leader must be filled
// first. A client no owner names is Scripted. A handle whose session ended (Expired, Closed)
// is left out once a newer handle drives the same console (its console moved on), or when no
// console drives it.
// `writes_via`: the server the newest scripted write (session 0) went in through, or 0.
void fill_clients(const Simulator& sim, std::span<const ClientOwner> owners, Sid writes_via, ClusterView& model);

}  // namespace zs::view
