// The simulated source's first step of a frame's ClusterView (view/sim_source.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "view/cluster_view.hpp"
#include "sim/simulator.hpp"

namespace zs::view {

constexpr std::size_t kLogRows = 200;      // trace events the log view keeps
constexpr std::size_t kScanLimit = 20000;  // trace events scanned back per frame at most

// The newest trace events for this frame, copied (the trace is stored in chunks), with the
// PINGs left out when asked; the backwards scan is bounded, so a long quiet stretch of PINGs
// costs at most kScanLimit events per frame.
struct RecentTrace {
  std::vector<TraceEvent> events;
  std::vector<std::uint64_t> index;  // trace index of each event
};

bool is_ping(const TraceEvent& ev);

// `recent` owns the copied events the returned view points into.
ClusterView build_model(const Simulator& sim, bool hide_pings, RecentTrace& recent);

}  // namespace zs::view
