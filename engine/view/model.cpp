// The servers and the newest trace events of the per-frame ClusterView, from the simulator.
#include "view/model.hpp"

#include <algorithm>

namespace zs::view {

bool is_ping(const TraceEvent& ev) {
  const Envelope* env = nullptr;
  if (const auto* m = std::get_if<MessageSent>(&ev.body)) env = &m->env;
  if (const auto* m = std::get_if<MessageDelivered>(&ev.body)) env = &m->env;
  if (const auto* m = std::get_if<MessageDropped>(&ev.body)) env = &m->env;
  const auto* p = env ? std::get_if<QuorumPacket>(&env->msg) : nullptr;
  return p != nullptr && p->type == PacketType::Ping;
}


ClusterView build_model(const Simulator& sim, bool hide_pings, RecentTrace& recent) {
  ClusterView model;
  model.now = sim.now();
  model.events_processed = sim.events_processed();
  model.peers = sim.snapshot();
  model.stable_leader = sim.stable_leader();
  const TraceLog& trace = sim.trace();
  recent.events.clear();
  recent.index.clear();
  for (std::size_t i = trace.size(), scanned = 0; i > 0 && recent.events.size() < kLogRows && scanned < kScanLimit;
       --i, ++scanned) {
    if (hide_pings && is_ping(trace[i - 1])) continue;
    recent.events.push_back(trace[i - 1]);
    recent.index.push_back(i - 1);
  }
  std::reverse(recent.events.begin(), recent.events.end());
  std::reverse(recent.index.begin(), recent.index.end());
  model.recent_trace = recent.events;
  model.recent_index = recent.index;
  model.hide_pings = hide_pings;
  model.trace_context = &sim.trace_context();
  return model;
}

}  // namespace zs::view
