// The simulated run as a ClusterSource (sim_source.hpp).
#include "view/sim_source.hpp"

#include "peer/quorum_peer.hpp"
#include "run/sim_client_handle.hpp"
#include "view/model_clients.hpp"
#include "view/model_timeline.hpp"
#include "view/model_tree.hpp"
#include "view/payload_words.hpp"

namespace zs::view {

void SimSource::fill(ClusterView& m, const Display& display) {
  const Simulator& sim = run_.sim();
  m = build_model(sim, display.hide_pings, recent_);
  m.observes = observes();
  m.source_name = "simulation";
  m.trace = &sim.trace();
  m.furthest_event = run_.furthest_event();
  m.furthest_ms = run_.furthest_ms();
  m.messages = sim.in_flight();
  m.message_words.clear();
  m.message_words.reserve(m.messages.size());
  for (const InFlightMessage& msg : m.messages) {
    const auto* q = std::get_if<QuorumPacket>(&msg.env.msg);
    m.message_words.push_back(q != nullptr ? packet_words(sim.payloads(), *q) : std::string());
  }
  const std::size_t n = m.peers.size();
  m.cut.assign(n * n, 0);
  m.links.assign(n * n, LinkParams{});
  m.trees.assign(n, nullptr);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      m.cut[i * n + j] = sim.link_cut(m.peers[i].sid, m.peers[j].sid) ? 1 : 0;
      m.links[i * n + j] = sim.link(m.peers[i].sid, m.peers[j].sid);
    }
    if (const QuorumPeer* p = sim.peer_object(m.peers[i].sid)) m.trees[i] = &p->tree();
  }
  m.default_link = sim.options().link;
  for (const auto& [sid, c] : run_.consoles()) {
    m.consoles.push_back(ConsoleModel{sid, c->prompt_text(), !c->idle(), &c->transcript(), &c->history()});
  }
  fill_tree_model(sim, m);
  {
    // Which console drives which client handle: every console each server's tab opened.
    std::vector<ClientOwner> owners;
    for (const PeerSnapshot& p : m.peers) {
      const console::Console* open = nullptr;
      for (const auto& [sid, c] : run_.consoles())
        if (sid == p.sid) open = c;
      for (const console::Console* c : run_.consoles_on(p.sid))
        if (const auto* h = dynamic_cast<const run::SimClientHandle*>(&c->handle()))
          owners.push_back(ClientOwner{h->index(), p.sid, c == open});
    }
    // The server the newest scripted write went in through: the trace scanned once, from
    // where the last frame stopped (anew after a rewind or a branch).
    const TraceLog& t = sim.trace();
    if (t.size() < writes_scanned_ || run_.console_generation() != writes_generation_) {
      writes_scanned_ = 0;
      writes_via_ = 0;
      writes_generation_ = run_.console_generation();
    }
    for (std::size_t i = writes_scanned_; i < t.size(); ++i) {
      if (!t.holds<ClientOp>(i)) continue;
      const TraceEvent ev = t[i];
      const auto& op = std::get<ClientOp>(ev.body);
      if (op.client == -1 && op.stage == ClientOpStage::Submitted) writes_via_ = op.sid;
    }
    writes_scanned_ = t.size();
    fill_clients(sim, owners, writes_via_, m);
  }
  m.console_generation = run_.console_generation();
  m.branches = run_.branches().size();
  m.seed = run_.setup().seed;
  fill_timeline_fields(m, sim);
  votes_cache_.build(sim.trace(), m);
  zab_cache_.build(sim, m);
  txlog_cache_.build(sim, m);
  m.causality = causality_.build(sim.trace(), steps_of(sim), display.pick, &sim.payloads());
}

StepOf steps_of(const Simulator& sim) {
  return [&sim](std::size_t i) {
    // Event k (1-based) recorded [trace_size_at(k - 1), trace_size_at(k)); what was recorded
    // after the last event (a hand action applied just now) runs to the end of the trace.
    const std::uint64_t k = sim.event_of_trace(i);
    StepRange r{k == 0 ? 0 : sim.trace_size_at(k - 1), sim.trace_size_at(k)};
    if (i >= r.last) r = StepRange{r.last, sim.trace().size()};
    return r;
  };
}

}  // namespace zs::view
