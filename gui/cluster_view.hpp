// The read-only model every view draws, built once per frame by the driver (today the
// simulator; later the attach layer). Views never reach into the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/simulator.hpp"  // PeerSnapshot
#include "trace/trace.hpp"

namespace zs::gui {

struct ClusterView {
  Ms now = 0;                          // virtual time of the snapshot
  std::uint64_t events_processed = 0;
  std::vector<PeerSnapshot> peers;     // one per server, in sid order
  std::optional<Sid> stable_leader;    // the leader a quorum follows, if any
  // The newest trace events, oldest first; recent_trace[i] is event recent_index[i], or
  // first_trace_index + i when recent_index is empty (no filter).
  std::span<const TraceEvent> recent_trace;
  std::span<const std::uint64_t> recent_index;
  std::uint64_t first_trace_index = 0;
  bool hide_pings = true;  // PINGs are left out of recent_trace (they drown the election)
  const TraceContext* trace_context = nullptr;  // non-null when recent_trace is not empty
  // Driver state the controls show.
  bool paused = false;
  float speed = 1.0f;  // virtual ms per real ms
};

}  // namespace zs::gui
