// The clients part of the per-frame model (model_clients.hpp).
#include "view/model_clients.hpp"

#include "peer/quorum_peer.hpp"

namespace zs::view {
namespace {

// The leader whose SessionTracker decides expiry: the one a quorum follows, else a server
// still LEADING (it keeps counting until it steps down).
const QuorumPeer* tracking_leader(const Simulator& sim, const ClusterView& m) {
  if (m.stable_leader)
    if (const QuorumPeer* p = sim.peer_object(*m.stable_leader); p && p->session_tracker()) return p;
  for (const PeerSnapshot& s : m.peers)
    if (const QuorumPeer* p = sim.peer_object(s.sid); p && p->session_tracker()) return p;
  return nullptr;
}

}  // namespace

void fill_clients(const Simulator& sim, std::span<const ClientOwner> owners, Sid writes_via, ClusterView& m) {
  ClientsModel& out = m.clients;
  out.list.clear();
  const auto& cfg = sim.config();
  out.tick_ms = cfg.tick_time_ms;
  // The bounds the servers clamp to (client_side.cpp): zoo.cfg's min/maxSessionTimeout, else 2 and 20 ticks.
  out.min_timeout_ms = cfg.min_session_ms();
  out.max_timeout_ms = cfg.max_session_ms();
  const QuorumPeer* leader = tracking_leader(sim, m);
  const SessionTracker* tracker = leader ? leader->session_tracker() : nullptr;
  const std::int32_t count = sim.client_count();
  for (std::int32_t k = 0; k < count; ++k) {
    const ClientView v = sim.client(k);
    if (!v.exists || v.server == 0) continue;  // never asked to connect
    ClientModel c;
    c.index = k;
    for (const ClientOwner& o : owners) {
      if (o.index != k) continue;
      c.kind = ClientKind::Console;
      c.console = o.console;
      c.console_open = o.open;
    }
    c.server = v.server;
    c.state = v.state;
    c.dropped = v.dropped;
    c.connected = v.state == SessionState::Connected && !v.dropped;
    c.session_id = v.session_id != 0 ? v.session_id : v.last_session_id;
    c.timeout_ms = v.timeout_ms;
    c.requested_timeout_ms = v.requested_timeout_ms;
    if (c.dropped && c.session_id != 0 && leader && !leader->sessions().contains(c.session_id)) {
      // The leader expired it (closeSession): the dead process never hears, the session is over.
      c.state = SessionState::Expired;
    }
    if (tracker && c.session_id != 0 && !c.ended()) {
      if (const auto at = tracker->expiry_of(c.session_id)) {
        c.tracker = leader->id();
        c.expires_at = *at;
      }
    }
    // Its ephemerals as the leader holds them, else as its own server does.
    const QuorumPeer* holder = leader ? leader : sim.peer_object(c.server);
    if (holder && c.session_id != 0) c.ephemerals = holder->tree().ephemerals(c.session_id);
    out.list.push_back(std::move(c));
  }
  // An ended session's handle stays (greyed, its state named) only while no newer handle
  // drives its console.
  std::erase_if(out.list, [&](const ClientModel& c) {
    if (!c.ended()) return false;
    if (c.kind != ClientKind::Console) return true;  // a handle zkCli's `connect` replaced
    for (const ClientModel& d : out.list)
      if (d.kind == ClientKind::Console && d.console == c.console && d.index > c.index) return true;
    return false;
  });
  if (writes_via != 0 && m.index_of(writes_via) >= 0) {
    ClientModel w;
    w.index = kScriptedWrites;
    w.kind = ClientKind::Writes;
    w.server = writes_via;
    w.state = SessionState::Connected;
    w.connected = true;
    out.list.push_back(std::move(w));
  }
}

}  // namespace zs::view
